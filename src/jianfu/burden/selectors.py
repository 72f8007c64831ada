"""Reads of the ledger, disputes and proctor assignments, always through the data scope (accounts.scope)."""

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from jianfu.accounts import scope
from jianfu.burden.models import Dispute, LedgerEntry, ProctorAssignment, ProctoringRun
from jianfu.matters.models import Matter, State
from jianfu.registry.models import School, Teacher

_HOURS = DecimalField(max_digits=14, decimal_places=2)


def ledger_entries_visible_to(
    *, user, teacher_id: int | None = None, category: str = ""
) -> QuerySet[LedgerEntry]:
    """Entries with their net hours (the entry plus its corrections), newest first."""
    rows = (
        scope.visible_to(user, LedgerEntry)
        .select_related("teacher", "school", "matter", "corrects")
        .annotate(corrected=Coalesce(Sum("corrections__hours"), Value(0), output_field=_HOURS))
        .annotate(net_hours=ExpressionWrapper(F("hours") + F("corrected"), output_field=_HOURS))
        .order_by("-date", "-id")
    )
    if teacher_id:
        rows = rows.filter(teacher_id=teacher_id)
    if category:
        rows = rows.filter(category=category)
    return rows


def access_entry_by_id(*, user, entry_id) -> LedgerEntry:
    return scope.access_by_id(user, LedgerEntry, entry_id)


def disputes_visible_to(*, user, status: str = "") -> QuerySet[Dispute]:
    rows = scope.visible_to(user, Dispute).select_related("entry", "teacher", "correction", "entry__matter")
    return rows.filter(status=status) if status else rows


def matters_to_record(*, user) -> QuerySet[Matter]:
    """Approved Matters concerning the school administrator's school (what its teachers may have worked on)."""
    return (
        scope.visible_to(user, Matter).filter(state=State.APPROVED).order_by("-starts_on", "-id")
        if user.school_id
        else Matter.objects.none()
    )


def school_teachers(*, user) -> QuerySet[Teacher]:
    return scope.editable_by(user, Teacher).filter(school_id=user.school_id).order_by("name", "pk")


def access_school_by_id(*, user, school_id) -> School:
    return scope.access_by_id(user, School, school_id)


def assignments_visible_to(*, user) -> QuerySet[ProctorAssignment]:
    return scope.visible_to(user, ProctorAssignment).select_related("matter", "teacher")


def runs_visible_to(*, user) -> QuerySet[ProctoringRun]:
    return scope.visible_to(user, ProctoringRun).select_related("run_by")
