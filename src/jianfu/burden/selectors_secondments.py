"""Reads of the secondment register (measure 14), always through the data scope (accounts.scope)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from jianfu.accounts import scope
from jianfu.burden.models import SecondmentReminder
from jianfu.burden.services.secondments import Threshold, threshold_due
from jianfu.matters.models import Matter

BADGES = {
    "overdue": ("已逾期未返岗", "tag-block"),
    Threshold.DAYS_7: ("7天内到期", "tag-review"),
    Threshold.DAYS_30: ("30天内到期", "tag-info"),
    "returned": ("已返岗", "tag-read"),
    "active": ("借用中", ""),
    "upcoming": ("未开始", ""),
}


@dataclass(frozen=True)
class RegisterRow:
    matter: Matter
    status: str
    days_left: int | None

    @property
    def badge(self) -> str:
        return BADGES[self.status][0]

    @property
    def badge_class(self) -> str:
        return BADGES[self.status][1]

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def returned(self):
        return getattr(self.matter, "secondment_return", None)


def status_of(matter: Matter, *, today: dt.date) -> str:
    """returned, overdue (past ends_on and no return recorded), 7 / 30 (within that many days of the end),
    upcoming (not started) or active."""
    if getattr(matter, "secondment_return", None) is not None:
        return "returned"
    if matter.starts_on and matter.starts_on > today:
        return "upcoming"
    if matter.ends_on is None:
        return "active"
    return threshold_due(ends_on=matter.ends_on, today=today) or "active"


def register_rows(*, user, query: str = "") -> QuerySet[Matter]:
    """The approved secondments the user may see: teacher, school, approval, dates, the return and reminders;
    `query` searches the teacher's name, the borrowing unit and the title."""
    rows = (
        scope.secondment_register(user)
        .select_related("teacher__school__region", "organizer", "route_region", "secondment_return")
        .prefetch_related(
            Prefetch("secondment_reminders", queryset=SecondmentReminder.objects.order_by("due_on", "pk"))
        )
        .order_by("ends_on", "pk")
    )
    if query:
        rows = rows.filter(
            Q(teacher__name__icontains=query)
            | Q(organizer__name__icontains=query)
            | Q(title__icontains=query)
        )
    return rows


def register(*, user, today: dt.date, status: str = "", query: str = "") -> list[RegisterRow]:
    rows = [
        RegisterRow(
            matter=m,
            status=status_of(m, today=today),
            days_left=(m.ends_on - today).days if m.ends_on else None,
        )
        for m in register_rows(user=user, query=query)
    ]
    if status == "open":
        return [r for r in rows if r.status != "returned"]
    return [r for r in rows if r.status == status] if status else rows


def reminders_visible_to(*, user) -> QuerySet[SecondmentReminder]:
    return scope.visible_to(user, SecondmentReminder).select_related("matter", "teacher", "school")
