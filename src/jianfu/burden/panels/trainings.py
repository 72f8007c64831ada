"""Measure 11: training hours in the year by tier, per teacher at a school, per school or county, from the training
rollups kept by every ledger write (never the ledger itself)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from jianfu.accounts import scope
from jianfu.burden.dashboard import Group, Level, groups_of
from jianfu.burden.models import RegionTrainingRollup, TeacherTrainingRollup, TrainingRollup
from jianfu.burden.panels.base import Panel
from jianfu.burden.rollups import OTHER_TIER
from jianfu.burden.services.trainings import TIERS
from jianfu.burden.workload import ZERO, hours

# Professional development without a training Matter (or its tier) is "other".
TIER_LABELS = {**{code: tier.label for code, tier in TIERS.items()}, OTHER_TIER: "其他培训研修"}


@dataclass
class TrainingRow:
    key: object
    label: str
    hours: dict[str, Decimal] = field(default_factory=dict)  # tier -> net hours
    drill: dict | None = None

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), ZERO)

    @property
    def flagged(self) -> bool:
        return False

    @property
    def cells(self) -> list[Decimal]:
        return [*(self.hours.get(tier, ZERO) for tier in TIER_LABELS), self.total]


def _school_found(user, level: Level, year: int):
    """A school's teachers' hours by tier in the year (net of corrections), from the teachers' training rollups."""
    return (
        scope.visible_to(user, TeacherTrainingRollup)
        .filter(school_id=level.school.pk, year=year)
        .order_by()
        .values("teacher_id", "teacher__name", "tier")
        .annotate(total=Sum("hours"))
    )


def _area_found(user, level: Level, groups, year: int, key: str):
    """A county's schools from the schools' rollup; the city's counties from the counties' own rows."""
    months = (dt.date(year, 1, 1), dt.date(year, 12, 1))
    if level.kind == "county":
        rows = scope.visible_to(user, TrainingRollup).filter(region_id=level.region.pk, month__range=months)
    else:
        rows = scope.visible_to(user, RegionTrainingRollup).filter(region_id__in=groups, month__range=months)
    return rows.order_by().values(key, "tier").annotate(total=Sum("hours"))


def trainings(*, user, level: Level, year: int, groups: dict[int, Group] | None = None) -> Panel:
    """Training hours in the year per group and tier: professional-development entries net of corrections (as
    the training page's hours per teacher), the tier being the training Matter's."""
    groups = groups_of(user=user, level=level) if groups is None else groups
    if level.kind == "school":
        key, found = "teacher_id", _school_found(user, level, year)
    else:
        key = "school_id" if level.kind == "county" else "region_id"
        found = _area_found(user, level, groups, year, key)
    rows = {pk: TrainingRow(pk, g.label, drill=g.drill) for pk, g in groups.items()}
    for item in found:
        row = rows.get(item[key])
        if row is None and "teacher__name" in item:  # a teacher who has left still shows with their hours
            row = rows[item[key]] = TrainingRow(item[key], item["teacher__name"])
        if row is not None:
            tier = item["tier"] if item["tier"] in TIER_LABELS else OTHER_TIER
            row.hours[tier] = row.hours.get(tier, ZERO) + hours(item["total"])
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.label))
    return Panel(
        kind="trainings",
        level=level,
        title=f"{year}年培训研修小时（按层级）",
        columns=[*TIER_LABELS.values(), "合计"],
        rows=ordered,
        chart={
            "labels": [row.label for row in ordered],
            "series": [
                {"name": label, "data": [float(row.hours.get(tier, ZERO)) for row in ordered]}
                for tier, label in TIER_LABELS.items()
            ],
            "unit": "小时",
        },
        empty=f"没有{level.group_label}",
    )
