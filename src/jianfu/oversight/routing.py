"""Which bureau handles a report: the county bureau of the school's county; the city bureau for a city-level
organizer, or for a county organizer reaching into another county, as a Matter of that organizer would be routed
(matters.routing: the organizer's own level, 同级). When the organizer is not in the registry, the level the
reporter named decides: a city-level one goes to the city bureau, anything else to the county's. A report about a
county education bureau's own demand goes to the city bureau: no bureau investigates itself."""

from jianfu.oversight.models import OrganizerLevel
from jianfu.registry.models import Department, Region, School


def city_region() -> Region:
    return Region.objects.filter(level=Region.Level.CITY).order_by("code").first()


def _city_of(region: Region) -> Region:
    return region if region.level == Region.Level.CITY else (region.parent or region)


def report_place(*, school: School | None, region: Region | None) -> Region:
    """Where the demand was made: the school's county, else the county named, else the city."""
    if school is not None:
        return school.region
    return region or city_region()


def report_route(*, place: Region, organizer: Department | None, organizer_level: str) -> Region:
    """The region whose education bureau handles the case."""
    if organizer is not None:
        home = organizer.region
        if organizer.level == Department.Level.CITY or home.level == Region.Level.CITY:
            return _city_of(home)
        if place.level == Region.Level.COUNTY and place.pk != home.pk:
            return _city_of(home)
        if organizer.kind == Department.Kind.EDUCATION_BUREAU:
            return _city_of(home)  # a county bureau does not investigate its own demands
        return home
    if organizer_level == OrganizerLevel.CITY:
        return _city_of(place)
    return place
