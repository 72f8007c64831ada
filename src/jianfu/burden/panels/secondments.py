"""Measure 14: secondments under way, ending within 30 days, overdue, per group (at a school: per teacher)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from jianfu.accounts import scope
from jianfu.burden.dashboard import Group, Level, groups_of
from jianfu.burden.models import OpenSecondment
from jianfu.burden.panels.base import Panel
from jianfu.burden.services.secondments import REMINDER_WINDOWS

# The secondment register's longest reminder window (30 days): "ending soon" on the dashboard.
ENDING_DAYS = REMINDER_WINDOWS[-1][1]


@dataclass
class SecondmentRow:
    key: object
    label: str
    active: int = 0  # under way, ending after the 30 days (or no end date)
    ending: int = 0  # ending within 30 days (today included)
    overdue: int = 0  # past the end date, no return recorded
    drill: dict | None = None

    @property
    def total(self) -> int:
        return self.active + self.ending + self.overdue

    @property
    def flagged(self) -> bool:
        return self.overdue > 0

    @property
    def cells(self) -> list[int]:
        return [self.active, self.ending, self.overdue, self.total]


SECONDMENT_SERIES = (
    ("active", f"借用中（剩余{ENDING_DAYS}天以上）"),
    ("ending", f"{ENDING_DAYS}天内到期"),
    ("overdue", "已逾期未返岗"),
)


def secondments(*, user, level: Level, today: dt.date, groups: dict[int, Group] | None = None) -> Panel:
    """Secondments under way today and not returned, per group (at a school: its seconded teachers), in three
    disjoint counts: ending later (or open-ended), ending within 30 days, overdue."""
    soon = today + dt.timedelta(days=ENDING_DAYS)
    # The open secondments at their teachers' schools now, kept by triggers (ADR 0010): one narrow row each, so
    # no teacher's school is looked up per secondment.
    register = scope.visible_to(user, OpenSecondment).exclude(starts_on__gt=today).order_by()
    buckets = {
        "active": Count("pk", filter=Q(ends_on__isnull=True) | Q(ends_on__gt=soon)),
        "ending": Count("pk", filter=Q(ends_on__range=(today, soon))),
        "overdue": Count("pk", filter=Q(ends_on__lt=today)),
    }
    if level.kind == "school":
        found = (
            register.filter(school_id=level.school.pk)
            .values("teacher_id", "teacher__name")
            .annotate(**buckets)
        )
        rows = [
            SecondmentRow(item["teacher_id"], item["teacher__name"], *(item[name] for name in buckets))
            for item in found
        ]
    else:
        groups = groups_of(user=user, level=level) if groups is None else groups
        if level.kind == "county":
            key, found = "school_id", register.filter(region_id=level.region.pk)
        else:
            key, found = "region_id", register.filter(region_id__in=list(groups))
        counts = {
            item[key]: [item[name] for name in buckets] for item in found.values(key).annotate(**buckets)
        }
        rows = [
            SecondmentRow(pk, g.label, *counts.get(pk, [0, 0, 0]), drill=g.drill) for pk, g in groups.items()
        ]
    rows.sort(key=lambda r: (-r.overdue, -r.total, r.label))
    return Panel(
        kind="secondments",
        level=level,
        title=f"借用教师（截至{today.year}年{today.month}月{today.day}日）",
        columns=[label for _, label in SECONDMENT_SERIES] + ["合计"],
        rows=rows,
        chart={
            "labels": [row.label for row in rows],
            "series": [
                {"name": label, "data": [getattr(row, name) for row in rows]}
                for name, label in SECONDMENT_SERIES
            ],
            "unit": "人",
        },
        empty="没有借出未返岗的教师" if level.kind == "school" else f"没有{level.group_label}",
    )
