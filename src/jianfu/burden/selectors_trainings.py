"""Reads for trainings (measure 11) and meetings (measures 12-13), always through the data scope."""

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import NotSupportedError
from django.db.models import BooleanField, Func, Prefetch, Q, QuerySet, Sum

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


def training_plan(*, user, semester: Semester, tier: str = "", query: str = "") -> list[PlannedTraining]:
    """The approved trainings starting in the semester that the user may see, by start date; `query` searches
    the title and the organizer."""
    rows = (
        scope.visible_to(user, Matter)
        .filter(kind=Kind.TRAINING, state=State.APPROVED, starts_on__range=(semester.start, semester.end))
        .select_related("organizer")
        .order_by("starts_on", "pk")
    )
    if tier:
        rows = rows.filter(payload__tier=tier)
    if query:
        rows = rows.filter(Q(title__icontains=query) | Q(organizer__name__icontains=query))
    teacher = user.teacher if getattr(user, "teacher_id", None) else None
    plan = []
    for matter in rows:
        payload = matter.payload or {}
        level = payload.get("tier", "")
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


def hours_per_teacher(*, user, category: str, year: int, query: str = "") -> QuerySet:
    """Each teacher's net hours in a ledger category in a year (corrections included), most first; `query`
    searches the teacher's and the school's name."""
    rows = scope.visible_to(user, LedgerEntry).filter(category=category, date__year=year)
    if query:
        rows = rows.filter(Q(teacher__name__icontains=query) | Q(school__name__icontains=query))
    return (
        rows.values("teacher_id", "teacher__name", "school__name")
        .annotate(total=Sum("hours"))
        .order_by("-total", "teacher__name", "teacher_id")
    )


def training_hours(*, user, year: int) -> QuerySet:
    return hours_per_teacher(user=user, category=Category.PROFESSIONAL_DEVELOPMENT, year=year)


def meeting_hours(*, user, year: int, query: str = "") -> QuerySet:
    return hours_per_teacher(user=user, category=Category.MEETINGS, year=year, query=query)


class _HasItem(Func):
    """Whether a JSON list column holds an object whose `key` is `value`: jsonb containment on PostgreSQL,
    json_each on SQLite."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, expression, *, key: str, value: str):
        super().__init__(expression)
        self.key, self.value = key, value

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"({column} @> %s::jsonb)", (*params, json.dumps([{self.key: self.value}]))

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])  # a column, never user input
        items = f"SELECT 1 FROM json_each({column}) AS item"  # noqa: S608
        sql = f"EXISTS ({items} WHERE item.type = 'object' AND json_extract(item.value, %s) = %s)"
        return sql, (*params, f"$.{self.key}", self.value)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("JSON list lookups are written for PostgreSQL and SQLite only")


def sub_venue_meetings(*, user) -> list[Matter]:
    """Meetings the screening flagged under M12.sub-venue, with their decisions (latest first)."""
    rows = (
        scope.visible_to(user, Matter)
        .filter(_HasItem("findings", key="rule", value=SUB_VENUE_RULE), kind=Kind.MEETING)
        .exclude(state__in=[State.DRAFT, State.MERGED, State.REJECTED])
        .select_related("route_region", "organizer")
        .prefetch_related(
            Prefetch(
                "sub_venue_decisions",
                queryset=SubVenueDecision.objects.select_related("decided_by").order_by("-decided_at", "-pk"),
                to_attr="decisions_latest_first",
            )
        )
        .order_by("-starts_on", "-pk")
    )
    flagged = list(rows)
    for matter in flagged:
        matter.sub_venue_findings = [f for f in matter.findings if f.get("rule") == SUB_VENUE_RULE]
        matter.sub_venue_decision = next(iter(matter.decisions_latest_first), None)
    return flagged


def merged_meetings(*, user) -> QuerySet[Matter]:
    """Meetings merged into another (measure 12: 工作内容相近的会议要合并召开)."""
    return (
        scope.visible_to(user, Matter)
        .filter(kind=Kind.MEETING, state=State.MERGED)
        .select_related("merged_into", "organizer")
        .order_by("-decided_at", "-pk")
    )
