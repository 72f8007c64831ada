"""Dashboard reads: non-teaching hours by category and month, and warnings, from the monthly rollups ONLY.

The city sees its counties, a county its schools, a school its teachers. Every figure comes from the rollup
tables (models/rollups.py), never from the ledger, so the cost is bounded by schools x months x categories (and
by teachers for warnings), whatever the ledger's size: a fixed handful of queries, each through the data scope.

Warnings count the teachers whose month total is above their region's monthly threshold (workload settings):
the city and a county read the per-school counters kept by every ledger write (SchoolMonthWarnings), a school
reads its own teachers' month totals.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.burden import rollups
from jianfu.burden.models import (
    Category,
    LedgerRollup,
    RegionLedgerRollup,
    SchoolMonthWarnings,
    TeacherLedgerRollup,
    TeacherMonthRollup,
)
from jianfu.burden.workload import ZERO, hours
from jianfu.registry.models import Region, School, Teacher

AREA = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR)
TREND_MONTHS = 12


@dataclass(frozen=True)
class Level:
    """What the dashboard shows: the city's counties, a county's schools or a school's teachers."""

    kind: str  # "city" | "county" | "school"
    region: Region | None = None
    school: School | None = None

    @property
    def title(self) -> str:
        if self.kind == "school":
            return self.school.name
        return "全市" if self.kind == "city" else self.region.name

    @property
    def group_label(self) -> str:
        return {"city": "旗县区", "county": "学校", "school": "教师"}[self.kind]


@dataclass(frozen=True)
class Group:
    """One county, school or teacher of a level: how tables name it and the level below, if any."""

    key: int
    label: str
    drill: dict | None = None
    # A county's school: its active teachers (SchoolHeadcount), read with the groups.
    active: int | None = None


@dataclass
class Row:
    """One bar of a stacked chart and one line of its table: hours per category, total, warnings."""

    key: object
    label: str
    hours: dict[str, Decimal] = field(default_factory=dict)
    warnings: int = 0
    drill: dict | None = None  # query parameters of the level below, when there is one

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), ZERO)

    def cells(self) -> list[Decimal]:
        return [self.hours.get(value, ZERO) for value, _ in Category.choices]


@dataclass
class Dashboard:
    level: Level
    month: dt.date
    months: list[dt.date]
    trend: list[Row]  # one row per month of the window, oldest first
    groups: list[Row]  # one row per county, school or teacher, for `month`

    @property
    def categories(self) -> list[tuple[str, str]]:
        return list(Category.choices)

    @property
    def warnings(self) -> int:
        return sum(row.warnings for row in self.groups)

    def chart_data(self) -> dict:
        """What charts.js draws (numbers as floats; the tables carry the exact hundredths)."""

        def chart(rows: list[Row]) -> dict:
            return {
                "labels": [row.label for row in rows],
                "series": [
                    {"name": label, "data": [float(row.hours.get(value, ZERO)) for row in rows]}
                    for value, label in Category.choices
                ],
            }

        return {"trend": chart(self.trend), "groups": chart(self.groups)}


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_window(month: dt.date, n: int = TREND_MONTHS) -> list[dt.date]:
    """The n months ending with `month`, oldest first."""
    months = [month_start(month)]
    while len(months) < n:
        months.insert(0, month_start(months[0] - dt.timedelta(days=1)))
    return months


def level_for(*, user, region_code: str = "", school_id: str = "") -> Level:
    """The level a user sees by default (their own organisation), or the county or school they drill into."""
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Level("school", school=user.school)
    if user.role not in AREA or user.region is None:
        raise PermissionDenied("工作量看板仅供教育局、督导和学校管理员查看")
    if school_id:
        school = scope.access_by_id(user, School, school_id)
        return Level("school", region=school.region, school=school)
    code = region_code or user.region.code
    if code not in user.area_region_codes:
        raise Http404
    region = user.region if code == user.region.code else scope.visible_to(user, Region).get(code=code)
    return Level("city" if region.level == Region.Level.CITY else "county", region=region)


def _rollups(user, model, level: Level):
    """The level's rows of a rollup; a county's by `IN (its schools)`, which PostgreSQL walks school by school on
    the (month, school) index (a join on the schools reads the whole month of every school; a list of a few
    hundred ids costs Django milliseconds to build)."""
    if level.kind == "city" and model is LedgerRollup:  # the counties' own rows: no school is read
        return scope.visible_to(user, RegionLedgerRollup)
    rows = scope.visible_to(user, model)
    if level.kind == "school":
        return rows.filter(school_id=level.school.pk)
    if level.kind == "county":
        return rows.filter(school_id__in=School.objects.filter(region_id=level.region.pk).values("pk"))
    return rows


def _trend_rollups(user, level: Level):
    """The months of the whole level: a county's own rows of the region rollup (one row per month and category,
    however many schools it has), the school's rows otherwise."""
    if level.kind == "county":
        return scope.visible_to(user, RegionLedgerRollup).filter(region_id=level.region.pk)
    return _rollups(user, LedgerRollup, level)


def _fill(rows: dict, found, key: str) -> None:
    for item in found:
        row = rows.get(item[key])
        if row is not None:
            row.hours[item["category"]] = hours(item["total"])


def _warned(user, level: Level, month: dt.date, warn_key: str) -> dict:
    """Teachers above threshold per group: the counters for the city and a county, the rollups for a school."""
    if level.kind == "school":
        threshold = rollups.monthly_thresholds(year=month.year, region_ids=[level.school.region_id])
        rows = _rollups(user, TeacherMonthRollup, level).filter(
            month=month, hours__gt=threshold[level.school.region_id]
        )
        return {pk: 1 for pk in rows.values_list("teacher_id", flat=True)}
    rows = scope.visible_to(user, SchoolMonthWarnings).filter(month=month, teachers__gt=0)
    if level.kind == "county":
        rows = rows.filter(region_id=level.region.pk)
    found = rows.order_by().values(warn_key).annotate(n=Sum("teachers"))
    return {item[warn_key]: item["n"] for item in found}


def groups_of(*, user, level: Level) -> dict[int, Group]:
    """The level's groups in display order (one query): counties with schools in scope, schools, active teachers;
    the page reads them once for the hours and every panel (`groups=`)."""
    if level.kind == "city":
        visible = scope.visible_to(user, School).values("region_id")
        counties = (
            scope.visible_to(user, Region).filter(parent_id=level.region.pk, pk__in=visible).order_by("code")
        )
        return {r.pk: Group(r.pk, r.name, {"region": r.code}) for r in counties}
    if level.kind == "county":
        # Each school's headcount comes along (one row per school), for the proctoring panel's teachers.
        schools = scope.visible_to(user, School).filter(region_id=level.region.pk).order_by("code")
        return {
            pk: Group(pk, name, {"school": pk}, active or 0)
            for pk, name, active in schools.values_list("pk", "name", "headcount__active")
        }
    teachers = (
        scope.visible_to(user, Teacher)
        .filter(school_id=level.school.pk, status=Teacher.Status.ACTIVE)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    return {pk: Group(pk, name) for pk, name in teachers}


# How the rollups name the groups of each level: (key of the hours, key of the warning counters).
_KEYS = {
    "city": ("region_id", "region_id"),
    "county": ("school_id", "school_id"),
    "school": ("teacher_id", "teacher_id"),
}


def dashboard(*, user, level: Level, month: dt.date, groups: dict[int, Group] | None = None) -> Dashboard:
    month = month_start(month)
    months = month_window(month)

    trend = {m: Row(m, f"{m.year}年{m.month}月") for m in months}
    found = (
        _trend_rollups(user, level)
        .filter(month__range=(months[0], months[-1]))
        .order_by()
        .values("month", "category")
        .annotate(total=Sum("hours"))
    )
    _fill(trend, found, "month")

    groups = groups_of(user=user, level=level) if groups is None else groups
    groups = {pk: Row(pk, g.label, drill=g.drill) for pk, g in groups.items()}
    key, warn_key = _KEYS[level.kind]
    if level.kind == "school":
        source, names = TeacherLedgerRollup, ["teacher__name"]
    else:
        source, names = LedgerRollup, []
    # One month of a rollup holds one row per group and category (its unique key): read as they are, no GROUP BY.
    found = _rollups(user, source, level).filter(month=month).order_by()
    for pk, category, total, *name in found.values_list(key, "category", "hours", *names):
        row = groups.get(pk)
        if row is None and name:  # a teacher who has since left the school still shows with their hours there
            row = groups[pk] = Row(pk, name[0])
        if row is not None:
            row.hours[category] = hours(total)

    for key_value, count in _warned(user, level, month, warn_key).items():
        if key_value in groups:
            groups[key_value].warnings = count

    return Dashboard(
        level=level,
        month=month,
        months=months,
        trend=list(trend.values()),
        groups=sorted(groups.values(), key=lambda r: (-r.total, r.label)),
    )
