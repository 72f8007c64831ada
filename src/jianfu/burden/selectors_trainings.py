"""Reads for trainings (measure 11) and meetings (measures 12-13), always through the data scope."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from jianfu.accounts import scope
from jianfu.burden.models import Category, LedgerEntry, SubVenueDecision
from jianfu.burden.models.trainings import SUB_VENUE_RULE
from jianfu.burden.services.trainings import MIN_DAYS_AHEAD, TIERS, Semester, eligible
from jianfu.burden.workload import hours
from jianfu.matters.models import Kind, Matter, State


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class PlannedTraining:
    matter: Matter
    tier: str
    hours: Decimal
    published_on: dt.date | None
    starts_on: dt.date | None
    eligible: bool | None  # for a teacher viewing: whether their titles qualify

    @property
    def tier_label(self) -> str:
        return TIERS[self.tier].label if self.tier in TIERS else self.tier

    @property
    def days_ahead(self) -> int | None:
        if self.published_on is None or self.starts_on is None:
            return None
        return (self.starts_on - self.published_on).days

    @property
    def late(self) -> bool:
        return self.days_ahead is not None and self.days_ahead < MIN_DAYS_AHEAD


def training_plan(*, user, semester: Semester, tier: str = "") -> list[PlannedTraining]:
    """The approved trainings starting in the semester that the user may see, by start date."""
    rows = (
        scope.visible_to(user, Matter)
        .filter(kind=Kind.TRAINING, state=State.APPROVED, starts_on__range=(semester.start, semester.end))
        .select_related("organizer")
        .order_by("starts_on", "pk")
    )
    teacher = user.teacher if getattr(user, "teacher_id", None) else None
    plan = []
    for matter in rows:
        payload = matter.payload or {}
        level = payload.get("tier", "")
        if tier and level != tier:
            continue
        plan.append(
            PlannedTraining(
                matter=matter,
                tier=level,
                hours=hours(payload.get("hours")),
                published_on=_date(payload.get("published_on")),
                starts_on=_date(payload.get("starts_on")) or matter.starts_on,
                eligible=eligible(teacher, level) if teacher is not None else None,
            )
        )
    return plan


def hours_per_teacher(*, user, category: str, year: int) -> QuerySet:
    """Each teacher's net hours in a ledger category in a year (corrections included), most first."""
    return (
        scope.visible_to(user, LedgerEntry)
        .filter(category=category, date__year=year)
        .values("teacher_id", "teacher__name", "school__name")
        .annotate(total=Sum("hours"))
        .order_by("-total", "teacher__name", "teacher_id")
    )


def training_hours(*, user, year: int) -> QuerySet:
    return hours_per_teacher(user=user, category=Category.PROFESSIONAL_DEVELOPMENT, year=year)


def meeting_hours(*, user, year: int) -> QuerySet:
    return hours_per_teacher(user=user, category=Category.MEETINGS, year=year)


def sub_venue_meetings(*, user) -> list[Matter]:
    """Meetings the screening flagged under M12.sub-venue, with their decisions (latest first)."""
    rows = (
        scope.visible_to(user, Matter)
        .filter(kind=Kind.MEETING)
        .exclude(state__in=[State.DRAFT, State.MERGED, State.REJECTED])
        .select_related("route_region", "organizer")
        .prefetch_related(
            Prefetch(
                "sub_venue_decisions",
                queryset=SubVenueDecision.objects.select_related("decided_by").order_by("-decided_at", "-pk"),
            )
        )
        .order_by("-starts_on", "-pk")
    )
    flagged = []
    for matter in rows:
        findings = [f for f in (matter.findings or []) if f.get("rule") == SUB_VENUE_RULE]
        if findings:
            matter.sub_venue_findings = findings
            decisions = list(matter.sub_venue_decisions.all())
            matter.sub_venue_decision = decisions[0] if decisions else None
            flagged.append(matter)
    return flagged


def merged_meetings(*, user) -> QuerySet[Matter]:
    """Meetings merged into another (measure 12: 工作内容相近的会议要合并召开)."""
    return (
        scope.visible_to(user, Matter)
        .filter(kind=Kind.MEETING, state=State.MERGED)
        .select_related("merged_into", "organizer")
        .order_by("-decided_at", "-pk")
    )
