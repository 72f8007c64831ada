"""What every panel shares: the level's groups, the panel's shape, the level's filter."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from jianfu.accounts import scope
from jianfu.burden.dashboard import Level
from jianfu.registry.models import Region, School, Teacher


@dataclass(frozen=True)
class Group:
    """One county, school or teacher of a level: how tables name it and the level below, if any."""

    key: int
    label: str
    drill: dict | None = None


@dataclass
class Panel:
    """A chart and its table at one level: `columns` follow the group's own column, each row has as many cells."""

    kind: str  # "proctoring" | "secondments" | "trainings": the chart's key and the export's name
    level: Level
    title: str
    columns: list[str]
    rows: list
    chart: dict  # what charts.js draws: labels, series (numbers as floats), unit
    empty: str

    @property
    def group_label(self) -> str:
        return self.level.group_label


def groups_of(*, user, level: Level) -> dict[int, Group]:
    """The level's groups in display order (one query): counties with schools in scope, schools, active teachers;
    a page showing all three panels reads them once and passes them (`groups=`)."""
    if level.kind == "city":
        visible = scope.visible_to(user, School).values("region_id")
        counties = (
            scope.visible_to(user, Region).filter(parent_id=level.region.pk, pk__in=visible).order_by("code")
        )
        return {r.pk: Group(r.pk, r.name, {"region": r.code}) for r in counties}
    if level.kind == "county":
        schools = scope.visible_to(user, School).filter(region_id=level.region.pk).order_by("code")
        return {pk: Group(pk, name, {"school": pk}) for pk, name in schools.values_list("pk", "name")}
    teachers = (
        scope.visible_to(user, Teacher)
        .filter(school_id=level.school.pk, status=Teacher.Status.ACTIVE)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    return {pk: Group(pk, name) for pk, name in teachers}


def by_level(level: Level, groups, *, school: str) -> Q:
    """Rows of the level, `school` naming the rows' school field ("school" or "teacher__school")."""
    if level.kind == "school":
        return Q(**{f"{school}_id": level.school.pk})
    if level.kind == "county":
        return Q(**{f"{school}__region_id": level.region.pk})
    return Q(**{f"{school}__region_id__in": list(groups)})


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
