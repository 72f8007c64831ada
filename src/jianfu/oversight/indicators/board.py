"""The supervision indicators of an area, per county and school, this period against the same months a year
earlier: the city sees its counties (and may open one county's schools), a county its schools, a school itself.

Every figure is grouped and counted in the database, each source read once for all the schools and both
periods, so the table costs the same handful of queries for 2 schools or 2,000 (tests/oversight/supervision).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.oversight.indicators.figures import Figures, Row
from jianfu.oversight.indicators.from_burden import exams_read, hours_read, teachers_read, trainings_read
from jianfu.oversight.indicators.from_datahub import forms_read
from jianfu.oversight.indicators.from_matters import campus_read, inspections_read, plan_entries_read
from jianfu.oversight.indicators.from_reports import reports_read
from jianfu.oversight.indicators.periods import CURRENT, PREVIOUS, Comparison, Period
from jianfu.oversight.indicators.tally import Area, Tally
from jianfu.registry.models import Region, School

AREA_ROLES = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR)
READS = (
    teachers_read,
    inspections_read,
    plan_entries_read,
    campus_read,
    hours_read,
    forms_read,
    reports_read,
    exams_read,
    trainings_read,
)


@dataclass(frozen=True)
class Level:
    """What a table shows: the city's counties, a county's schools, or one school."""

    kind: str  # "city" | "county" | "school"
    region: Region  # the city, the county, or the school's county
    school: School | None = None

    @property
    def title(self) -> str:
        return self.school.name if self.school is not None else self.region.name

    @property
    def group_label(self) -> str:
        return {"city": "旗县区", "county": "学校", "school": "学校"}[self.kind]


def level_for(*, user, region_code: str = "") -> Level:
    """A school administrator's own school; an area user's own area, or a region of it (`region_code`): a
    region outside the area is 404, whoever asks; other roles may not read the indicators (403)."""
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        school = scope.access_by_id(user, School, user.school_id)
        return Level("school", region=school.region, school=school)
    if user.role not in AREA_ROLES or user.region is None:
        raise PermissionDenied("督导指标仅供教育局、督导部门和学校管理员查看")
    code = region_code or user.region.code
    if code not in user.area_region_codes:
        raise Http404
    region = scope.visible_to(user, Region).filter(code=code).first()
    if region is None:
        raise Http404
    return Level("city" if region.level == Region.Level.CITY else "county", region=region)


@dataclass
class Board:
    level: Level
    period: Period
    previous: Period
    total: Row  # the level's own figures: the city, the county or the school
    counties: list[Row]  # the city's counties (city level only)
    schools: list[Row]  # the schools (city and county levels)

    @property
    def rows(self) -> list[Row]:
        """The rows of the level below: counties for the city, schools for a county, none for a school."""
        return {"city": self.counties, "county": self.schools}.get(self.level.kind, [])


def _area(user, level: Level) -> Area:
    schools = scope.visible_to(user, School)
    if level.kind == "school":
        schools = schools.filter(pk=level.school.pk)
        counties = [level.region]
    elif level.kind == "county":
        schools = schools.filter(region_id=level.region.pk)
        counties = [level.region]
    else:
        schools = schools.filter(region__parent_id=level.region.pk)
        counties = list(scope.visible_to(user, Region).filter(parent_id=level.region.pk).order_by("code"))
    return Area(
        schools=list(schools.select_related("region").order_by("region__code", "code")),
        school_ids=schools.values("pk"),
        counties=counties,
        city=level.region if level.kind == "city" else None,
        reports_withheld=level.kind == "school",
    )


def _with(figures: Figures, overrides: dict) -> Figures:
    for name, value in overrides.items():
        setattr(figures, name, value)
    return figures


def indicators_board(*, user, level: Level, period: Period) -> Board:
    comparison = Comparison(period)
    area = _area(user, level)
    tally = Tally()
    for read in READS:
        read(user=user, area=area, comparison=comparison, tally=tally)

    schools = [
        Row(
            key=school.pk,
            label=school.name,
            current=tally.schools.get((CURRENT, school.pk), Figures()),
            previous=tally.schools.get((PREVIOUS, school.pk), Figures()),
            region_label=school.region.name,
        )
        for school in area.schools
    ]
    counties = []
    for county in area.counties:
        row = Row(key=county.pk, label=county.name, drill={"region": county.code})
        for which, attribute in ((CURRENT, "current"), (PREVIOUS, "previous")):
            summed = sum(
                (getattr(s, attribute) for s, school in zip(schools, area.schools, strict=True)
                 if school.region_id == county.pk),
                Figures(),
            )  # fmt: skip
            setattr(row, attribute, _with(summed, tally.counties.get((which, county.pk), {})))
        counties.append(row)

    if level.kind == "school":
        total = schools[0] if schools else Row(key=level.school.pk, label=level.school.name)
    elif level.kind == "county":
        total = counties[0]
    else:
        total = Row(key=level.region.pk, label=level.region.name)
        for which, attribute in ((CURRENT, "current"), (PREVIOUS, "previous")):
            summed = sum((getattr(c, attribute) for c in counties), Figures())
            setattr(total, attribute, _with(summed, tally.totals.get(which, {})))
    return Board(
        level=level,
        period=period,
        previous=comparison.previous,
        total=total,
        counties=counties,
        schools=schools,
    )
