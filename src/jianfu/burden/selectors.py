"""Reads of the ledger, disputes and proctor assignments, always through the data scope (accounts.scope)."""

from dataclasses import dataclass

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from jianfu.accounts import scope
from jianfu.burden import workload
from jianfu.burden.models import Dispute, LedgerEntry, ProctorAssignment, ProctoringRun, WorkloadSetting
from jianfu.matters.models import Matter, State
from jianfu.registry.models import School, Teacher

_HOURS = DecimalField(max_digits=14, decimal_places=2)


def ledger_entries_visible_to(
    *, user, teacher_id: int | None = None, category: str = "", query: str = ""
) -> QuerySet[LedgerEntry]:
    """Entries with their net hours (the entry plus its corrections), newest first; `query` searches the
    teacher's name, the Matter's title and the note."""
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
    if query:
        rows = rows.filter(
            Q(teacher__name__icontains=query) | Q(matter__title__icontains=query) | Q(note__icontains=query)
        )
    return rows


def access_entry_by_id(*, user, entry_id) -> LedgerEntry:
    return scope.access_by_id(user, LedgerEntry, entry_id)


def disputes_visible_to(*, user, status: str = "", query: str = "") -> QuerySet[Dispute]:
    """Disputes newest first; `query` searches the teacher's name and the reason."""
    rows = scope.visible_to(user, Dispute).select_related(
        "entry__matter", "teacher", "school", "correction", "resolved_by"
    )
    if status:
        rows = rows.filter(status=status)
    if query:
        rows = rows.filter(Q(teacher__name__icontains=query) | Q(reason__icontains=query))
    return rows.order_by("-opened_at", "-id")


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


def exams_awaiting_hours(*, user, today) -> QuerySet:
    """The school's exams already held whose proctors' hours are not in the ledger yet (one row per exam)."""
    return (
        scope.editable_by(user, ProctorAssignment)
        .filter(ledger_entry__isnull=True, exam_date__lte=today)
        .order_by()
        .values("matter_id", "matter__title", "exam_date")
        .annotate(proctors=Count("pk"))
        .order_by("exam_date", "matter_id")
    )


def runs_visible_to(*, user) -> QuerySet[ProctoringRun]:
    return scope.visible_to(user, ProctoringRun).select_related("run_by")


@dataclass(frozen=True)
class EffectiveThresholds:
    setting: WorkloadSetting
    source: str  # "own" | "city" | "default"


def effective_thresholds(*, region, year: int) -> EffectiveThresholds:
    """The thresholds in force for the region and year, and where they come from."""
    setting = workload.setting_for(year=year, region=region)
    if setting.pk is None:
        return EffectiveThresholds(setting, "default")
    return EffectiveThresholds(setting, "own" if setting.region_id == region.pk else "city")


def workload_settings_visible_to(*, user) -> QuerySet[WorkloadSetting]:
    return scope.visible_to(user, WorkloadSetting).select_related("region").order_by("-year", "region__code")
