"""Indicators read from the Matter pipeline: inspections against the annual plans (measure 1) and campus
activities against their quota (measures 4-5). Approved Matters only, dated by their start; each read is one
grouped query covering the period and the same months a year earlier."""

from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from jianfu.accounts import scope
from jianfu.matters.models import AnnualPlan, Kind, Matter, PlanEntry, QuotaSetting, State
from jianfu.oversight.indicators.figures import CENT
from jianfu.oversight.indicators.periods import CURRENT, PREVIOUS, Comparison, Period
from jianfu.oversight.indicators.tally import Area, Tally

SEMESTER_MONTHS = 6
_SCHOOLS_OF_MATTERS = Matter.schools.through


def _visits(*, user, area: Area, comparison: Comparison, kind: str) -> QuerySet:
    """One row per approved Matter of `kind` and school of the area it concerns, tagged with `which`."""
    matters = (
        scope.visible_to(user, Matter)
        .filter(kind=kind, state=State.APPROVED)
        .filter(comparison.dates("starts_on"))
        .values("pk")
    )
    return (
        _SCHOOLS_OF_MATTERS.objects.filter(matter_id__in=matters, school_id__in=area.school_ids)
        .annotate(which=comparison.which("matter__starts_on"))
        .order_by()
    )


def _inspection_counts(distinct: bool) -> dict:
    out_of_plan = Q(matter__out_of_plan=True)
    return {
        "n": Count("matter_id", distinct=distinct),
        "out": Count("matter_id", distinct=distinct, filter=out_of_plan),
    }


def inspections_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    """Inspections carried out: per school (each it received), per county and for the area (each once)."""
    rows = _visits(user=user, area=area, comparison=comparison, kind=Kind.INSPECTION)
    for item in rows.values("which", "school_id").annotate(**_inspection_counts(False)):
        figures = tally.school(item["which"], item["school_id"])
        figures.inspections, figures.out_of_plan = item["n"], item["out"]
    # A county or area counts each Matter once (zero without any), not the sum of its schools' visits.
    for which in (CURRENT, PREVIOUS):
        for county_id in area.county_ids:
            tally.counties[which, county_id].update(inspections=0, out_of_plan=0)
        tally.totals[which].update(inspections=0, out_of_plan=0)
    for item in rows.values("which", "school__region_id").annotate(**_inspection_counts(True)):
        tally.counties[item["which"], item["school__region_id"]].update(
            inspections=item["n"], out_of_plan=item["out"]
        )
    for item in rows.values("which").annotate(**_inspection_counts(True)):
        tally.totals[item["which"]].update(inspections=item["n"], out_of_plan=item["out"])


def _planned_in(period: Period) -> Q:
    """Plan entries planned for a month of the period (a plan is a year's, an entry names its month)."""
    condition = Q(pk__in=[])
    for year in range(period.start.year, period.end.year + 1):
        first = period.start.month if year == period.start.year else 1
        last = period.end.month if year == period.end.year else 12
        condition |= Q(plan__year=year, planned_month__range=(first, last))
    return condition


def plan_entries_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    """Entries of the published annual plans: a county's own plan; the area's total adds the city's plan."""
    regions = [*area.county_ids, *([area.city.pk] if area.city else [])]
    current = _planned_in(comparison.current)
    rows = (
        scope.visible_to(user, PlanEntry)
        .filter(plan__status=AnnualPlan.Status.PUBLISHED, plan__region_id__in=regions)
        .filter(current | _planned_in(comparison.previous))
        .annotate(
            which=Case(
                When(current, then=Value(CURRENT)), default=Value(PREVIOUS), output_field=IntegerField()
            )
        )
        .order_by()
        .values("which", "plan__region_id")
        .annotate(n=Count("pk"))
    )
    counts = {(item["which"], item["plan__region_id"]): item["n"] for item in rows}
    for which in (CURRENT, PREVIOUS):
        for county_id in area.county_ids:
            tally.counties[which, county_id]["plan_entries"] = counts.get((which, county_id), 0)
        if area.city is not None:
            tally.totals[which]["plan_entries"] = sum(counts.get((which, r), 0) for r in regions)


def campus_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    """Approved campus activities per school, and each school's allowance for the period: its semester quota
    (the county's setting for the year, else the city's, else the default) for every six months, pro rata."""
    rows = _visits(user=user, area=area, comparison=comparison, kind=Kind.CAMPUS_ACTIVITY)
    for item in rows.values("which", "school_id").annotate(n=Count("matter_id")):
        tally.school(item["which"], item["school_id"]).campus = item["n"]

    periods = {CURRENT: comparison.current, PREVIOUS: comparison.previous}
    years = {m.year for p in periods.values() for m in (p.start, p.end)}
    regions = {*area.county_ids, *{s.region.parent_id for s in area.schools if s.region.parent_id}}
    settings = dict(
        (
            ((year, region_id), limit)
            for year, region_id, limit in scope.visible_to(user, QuotaSetting)
            .filter(year__in=years, region_id__in=regions)
            .values_list("year", "region_id", "campus_activities_per_semester")
        )
    )
    default = QuotaSetting._meta.get_field("campus_activities_per_semester").default

    def limit(year: int, region) -> int:
        for region_id in (region.pk, region.parent_id):
            if (year, region_id) in settings:
                return settings[year, region_id]
        return default

    for which, period in periods.items():
        months = _months_per_year(period)
        for school in area.schools:
            allowance = sum(
                (
                    Decimal(limit(year, school.region) * count) / SEMESTER_MONTHS
                    for year, count in months.items()
                ),
                Decimal(0),
            )
            tally.school(which, school.pk).campus_allowance = allowance.quantize(CENT)


def _months_per_year(period: Period) -> dict[int, int]:
    counts: dict[int, int] = {}
    year, month = period.start.year, period.start.month
    for _ in range(period.month_count):
        counts[year] = counts.get(year, 0) + 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return counts
