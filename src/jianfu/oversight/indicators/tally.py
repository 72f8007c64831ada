"""What the grouped reads fill in: raw figures per school, and the counts that must be taken per county or for
the whole area (a Matter or a report concerning several schools counts once there, not once per school)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from jianfu.oversight.indicators.figures import Figures
from jianfu.registry.models import Region, School


@dataclass
class Area:
    """The schools an indicator table covers (already through the data scope) and their counties."""

    schools: list[School]  # ordered by county and code, region selected
    school_ids: QuerySet  # the same schools as a subquery (values("pk")), for the reads
    counties: list[Region]  # the city's counties, or the one county (of the school)
    city: Region | None  # the city, whose own plan and reports count in the area's total; None below the city
    reports_withheld: bool = False  # a school's own table: the reports naming it are not shown there

    @property
    def county_ids(self) -> list[int]:
        return [county.pk for county in self.counties]


@dataclass
class Tally:
    # (which, school id) -> the school's raw figures
    schools: dict[tuple[int, int], Figures] = field(default_factory=lambda: defaultdict(Figures))
    # (which, county id) -> {figure name: value}, replacing the sum of the county's schools
    counties: dict[tuple[int, int], dict] = field(default_factory=lambda: defaultdict(dict))
    # which -> {figure name: value}, replacing the sum of the counties
    totals: dict[int, dict] = field(default_factory=lambda: defaultdict(dict))

    def school(self, which: int, school_id: int) -> Figures:
        return self.schools[which, school_id]
