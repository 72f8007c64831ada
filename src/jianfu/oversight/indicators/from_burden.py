"""Indicators read from the burden registers: active teachers, non-teaching hours and training hours (the
monthly rollups, never the ledger: the cost does not grow with the ledger), and physical examinations (measure
20's 一年一体检). One grouped query each, covering the period and the same months a year earlier."""

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from jianfu.accounts import scope
from jianfu.burden.models import LedgerRollup, PhysicalExam, TrainingRollup
from jianfu.oversight.indicators.figures import exact
from jianfu.oversight.indicators.periods import CURRENT, PREVIOUS, Comparison
from jianfu.oversight.indicators.tally import Area, Tally
from jianfu.registry.models import Teacher


def teachers_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    """Active teachers per school, as the registry stands today (it keeps no history): the denominator of every
    per-teacher figure, this period's and the year before's alike."""
    rows = (
        scope.visible_to(user, Teacher)
        .filter(status=Teacher.Status.ACTIVE, school_id__in=area.school_ids)
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
    )
    for item in rows:
        for which in (CURRENT, PREVIOUS):
            tally.school(which, item["school_id"]).teachers = item["n"]


def _monthly_hours(*, user, model, area: Area, comparison: Comparison):
    return (
        scope.visible_to(user, model)
        .filter(comparison.months("month"), school_id__in=area.school_ids)
        .annotate(which=comparison.which("month"))
        .order_by()
        .values("which", "school_id")
        .annotate(total=Sum("hours"))
    )


def hours_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    """Non-teaching hours (every category of the ledger, corrections netted) from the schools' monthly rollups."""
    for item in _monthly_hours(user=user, model=LedgerRollup, area=area, comparison=comparison):
        tally.school(item["which"], item["school_id"]).hours = exact(item["total"])


def trainings_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    """Professional-development hours of every tier (measure 11) from the schools' monthly training rollups."""
    for item in _monthly_hours(user=user, model=TrainingRollup, area=area, comparison=comparison):
        tally.school(item["which"], item["school_id"]).training_hours = exact(item["total"])


def exams_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    """Teachers whose physical examination of the year the period ends in was done by the period's end."""
    current, previous = comparison.current, comparison.previous
    in_current = Q(year=current.end.year, done_on__lte=current.end)
    rows = (
        scope.visible_to(user, PhysicalExam)
        .filter(
            in_current | Q(year=previous.end.year, done_on__lte=previous.end), school_id__in=area.school_ids
        )
        .annotate(
            which=Case(
                When(in_current, then=Value(CURRENT)), default=Value(PREVIOUS), output_field=IntegerField()
            )
        )
        .order_by()
        .values("which", "school_id")
        .annotate(n=Count("pk"))
    )
    for item in rows:
        tally.school(item["which"], item["school_id"]).exams_done = item["n"]
