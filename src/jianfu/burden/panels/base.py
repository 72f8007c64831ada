"""What every panel shares: the panel's shape and the level's filter (the level's groups: dashboard.groups_of)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from jianfu.burden.dashboard import Level


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


def by_level(level: Level, groups, *, school: str) -> Q:
    """Rows of the level, `school` naming the rows' school field ("school" or "teacher__school")."""
    if level.kind == "school":
        return Q(**{f"{school}_id": level.school.pk})
    if level.kind == "county":
        return Q(**{f"{school}__region_id": level.region.pk})
    return Q(**{f"{school}__region_id__in": list(groups)})


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
