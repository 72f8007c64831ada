"""Writes to the registry."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.registry.models import Region, Teacher
from jianfu.registry.regions import BAOTOU_REGIONS, CITY_CODE


@transaction.atomic
def regions_ensure_baotou() -> None:
    """Make sure the city and its nine 旗县区 exist (the migration loads them; a test flush may remove them)."""
    if Region.objects.filter(code__in=[row[0] for row in BAOTOU_REGIONS]).count() == len(BAOTOU_REGIONS):
        return
    city = None
    for code, name, seat, lat, lon in BAOTOU_REGIONS:
        region, _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": Region.Level.CITY if code == CITY_CODE else Region.Level.COUNTY,
                "parent": city,
                "seat_name": seat,
                "seat_lat": Decimal(lat),
                "seat_lon": Decimal(lon),
            },
        )
        if code == CITY_CODE:
            city = region


# Fields a bureau or school may correct locally; identity fields (name, ID number, birth date) come only
# from the national teacher system's import.
TEACHER_EDITABLE_FIELDS = (
    "subject",
    "stage_taught",
    "weekly_lessons",
    "professional_title",
    "is_backbone",
    "status",
    "post_category",
    "highest_education",
    "political_status",
)


def teacher_update(*, actor, teacher_id: int, data: dict[str, Any], reason: str = "") -> Teacher:
    """Change a teacher's locally kept fields; the audit row with old and new values is in the same transaction."""
    unknown = set(data) - set(TEACHER_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: "该字段不能在本平台修改" for field in sorted(unknown)})
    with transaction.atomic():
        teacher = scope.access_by_id(actor, Teacher, teacher_id, for_change=True)
        teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)
        old = {field: getattr(teacher, field) for field in data}
        for field, value in data.items():
            setattr(teacher, field, value)
        teacher.full_clean(exclude=["id_cipher", "id_lookup", "id_masked"])
        new = {field: getattr(teacher, field) for field in data}
        if old == new:
            return teacher
        teacher.save(update_fields=list(data))
        events.object_changed(actor=actor, obj=teacher, old=old, new=new, reason=reason)
    return teacher
