"""Which bodies approve a Matter: those of one county when everything stays in it, else the city's.

The schools concerned decide (issue 4); so does the organizer's own level, because measure 2 sends a department's
inspection to the party committee of the same level (同级党委): a city department's Matter goes to the city's
bodies even when it concerns one county's schools, and a county department reaching into another county goes up
to the city.
"""

from collections.abc import Iterable

from jianfu.registry.models import Department, Region, School


def _city_of(region: Region) -> Region:
    return region if region.level == Region.Level.CITY else (region.parent or region)


def route_region_for(*, organizer: Department, schools: Iterable[School]) -> Region:
    organizer_region = organizer.region
    if organizer.level == Department.Level.CITY or organizer_region.level == Region.Level.CITY:
        return _city_of(organizer_region)
    counties = {school.region_id: school.region for school in schools}
    counties.setdefault(organizer_region.pk, organizer_region)
    if len(counties) == 1:
        return next(iter(counties.values()))
    return _city_of(organizer_region)
