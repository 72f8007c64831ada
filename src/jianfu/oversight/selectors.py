"""Reads of oversight: cases through the data scope, a report's public status by its tracking code, the
reporter's own reports and the unfounded-report cards."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.oversight import tracking
from jianfu.oversight.escalation import overdue_condition
from jianfu.oversight.models import Case, CaseState, CaseStep, Conclusion, Evidence, Report

# Hunan's reporting code: unfounded reports from one account within a year earn a yellow card at two and a red
# card at three. Anonymous reports keep no account and never count.
YELLOW_CARD_AT, RED_CARD_AT = 2, 3
CARD_PERIOD = dt.timedelta(days=365)
CASE_FILTERS = {"open": "办理中", "overdue": "已逾期", "escalated": "已升级督办", "closed": "已结案"}


@dataclass(frozen=True)
class Card:
    unfounded: int

    @property
    def colour(self) -> str:
        if self.unfounded >= RED_CARD_AT:
            return "red"
        return "yellow" if self.unfounded >= YELLOW_CARD_AT else ""

    @property
    def label(self) -> str:
        return {"red": "红牌", "yellow": "黄牌"}.get(self.colour, "")


def reporter_card(*, reporter, now: dt.datetime | None = None) -> Card:
    """How many of `reporter`'s own (non-anonymous) reports were concluded unfounded within the past year."""
    if reporter is None:
        return Card(0)
    since = (now or timezone.now()) - CARD_PERIOD
    count = Case.objects.filter(
        report__reporter=reporter,
        report__is_anonymous=False,
        conclusion=Conclusion.UNFOUNDED,
        concluded_at__gte=since,
    ).count()
    return Card(count)


def cases_visible_to(
    *, user, status: str = "", query: str = "", today: dt.date | None = None
) -> QuerySet[Case]:
    today = today or timezone.localdate()
    rows = scope.visible_to(user, Case).select_related(
        "report", "report__region", "route_region", "escalation_region"
    )
    if status == "open":
        rows = rows.exclude(state=CaseState.CLOSED)
    elif status == "overdue":
        rows = rows.filter(overdue_condition(today=today))
    elif status == "escalated":
        rows = rows.filter(escalated_at__isnull=False)
    elif status == "closed":
        rows = rows.filter(state=CaseState.CLOSED)
    if query:
        rows = rows.filter(Q(report__title__icontains=query) | Q(report__organizer_name__icontains=query))
    return rows.order_by("-report__received_at", "-pk")


def case_by_id(*, user, case_id) -> Case:
    """A case the user may see (404 out of scope, like missing), with what its page shows."""
    case = scope.access_by_id(user, Case, case_id)
    return (
        Case.objects.select_related(
            "report__region",
            "report__school",
            "report__organizer",
            "report__matter",
            "report__reporter",
            "route_region",
            "escalation_region",
            "confirmed_case",
        )
        .prefetch_related("report__evidence")
        .get(pk=case.pk)
    )


def case_may_act(*, user, case: Case) -> bool:
    return scope.editable_by(user, Case).filter(pk=case.pk).exists()


def case_steps(*, case: Case) -> QuerySet[CaseStep]:
    return case.steps.order_by("at", "id")


def evidence_by_id(*, user, evidence_id) -> Evidence:
    return scope.access_by_id(user, Evidence, evidence_id)


def reports_of(*, user) -> QuerySet[Report]:
    """The user's own reports made in their name, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return (
        scope.visible_to(user, Report)
        .filter(reporter=user, is_anonymous=False)
        .select_related("case")
        .order_by("-received_at", "-pk")
    )


def report_status(*, raw_code: str, today: dt.date | None = None) -> dict[str, Any] | None:
    """What the holder of a tracking code may read: the case's progress and the reply; nothing about who
    reported, who handled it or whom it concerns. None when no report has this code."""
    digest = tracking.tracking_hash(raw_code)
    if digest is None:
        return None
    report = Report.objects.select_related("case").filter(tracking_hash=digest).first()
    if report is None:
        return None
    case = report.case
    replied = case.state in (CaseState.RESPONDED, CaseState.CLOSED)
    return {
        "status": case.state,
        "status_label": case.get_state_display(),
        "received_on": timezone.localdate(report.received_at),
        "accept_due_on": case.accept_due_on,
        "conclude_due_on": case.conclude_due_on,
        "overdue": case.is_overdue(today=today),
        "escalated": case.escalated_at is not None,
        "conclusion": case.conclusion if replied else "",
        "conclusion_label": case.get_conclusion_display() if replied and case.conclusion else "",
        "reply": case.reply if replied else "",
        "replied_on": timezone.localdate(case.responded_at) if case.responded_at else None,
    }
