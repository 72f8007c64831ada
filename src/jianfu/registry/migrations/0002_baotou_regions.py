"""Loads the city and its nine 旗县区 (GB/T 2260), which every deployment for Baotou needs."""

from decimal import Decimal

from django.db import migrations

from jianfu.registry.regions import BAOTOU_REGIONS, CITY_CODE


def load(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    city = None
    for code, name, seat, lat, lon in BAOTOU_REGIONS:
        region, _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": "city" if code == CITY_CODE else "county",
                "parent": city,
                "seat_name": seat,
                "seat_lat": Decimal(lat),
                "seat_lon": Decimal(lon),
            },
        )
        if code == CITY_CODE:
            city = region


def unload(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    Region.objects.filter(code__in=[row[0] for row in BAOTOU_REGIONS]).order_by("-code").delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
