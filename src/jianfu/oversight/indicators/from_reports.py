"""Reports from teachers and the public and how fast they were resolved (measure 20): the reports received in
the period, those whose case was concluded (办结) by the period's end, how many were founded, and the days from
receipt to conclusion. A report names a school when it is about one, and always a county (the city when the
county is unknown): per school by its school, per county and for the area by its region, each report once."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum

from jianfu.accounts import scope
from jianfu.oversight.indicators.figures import exact
from jianfu.oversight.indicators.periods import CURRENT, PREVIOUS, Comparison
from jianfu.oversight.indicators.tally import Area, Tally
from jianfu.oversight.models import Conclusion, Report

FIELDS = ("reports", "reports_closed", "reports_founded", "resolution_days")


def _concluded_by_end(comparison: Comparison) -> Q:
    """Concluded before the end of the period the report was received in (so a past year's figure stays put)."""
    current_after = comparison.current.moments()[1]
    previous_after = comparison.previous.moments()[1]
    concluded = Q(case__concluded_at__isnull=False)
    return concluded & (
        Q(received_at__gte=comparison.current.moments()[0], case__concluded_at__lt=current_after)
        | Q(received_at__lt=comparison.current.moments()[0], case__concluded_at__lt=previous_after)
    )


def _counts(comparison: Comparison) -> dict:
    closed = _concluded_by_end(comparison)
    days = ExpressionWrapper(F("case__concluded_at") - F("received_at"), output_field=DurationField())
    return {
        "n": Count("pk"),
        "closed": Count("pk", filter=closed),
        "founded": Count("pk", filter=closed & Q(case__conclusion=Conclusion.FOUNDED)),
        "spent": Sum(days, filter=closed),
    }


def _days(spent: dt.timedelta | None) -> Decimal:
    return exact(Decimal(spent.total_seconds()) / 86400) if spent else exact(0)


def _values(item: dict) -> dict:
    return {
        "reports": item["n"],
        "reports_closed": item["closed"],
        "reports_founded": item["founded"],
        "resolution_days": _days(item["spent"]),
    }


def _received(*, user, comparison: Comparison, regions: list[int]) -> QuerySet:
    return (
        scope.visible_to(user, Report)
        .filter(comparison.moments("received_at"), region_id__in=regions)
        .annotate(which=comparison.which("received_at", moment=True))
        .order_by()
    )


def reports_read(*, user, area: Area, comparison: Comparison, tally: Tally) -> None:
    if area.reports_withheld:
        for school in area.schools:
            for which in (CURRENT, PREVIOUS):
                for name in FIELDS:
                    setattr(tally.school(which, school.pk), name, None)
        return
    regions = [*area.county_ids, *([area.city.pk] if area.city else [])]
    rows = _received(user=user, comparison=comparison, regions=regions)
    counts = _counts(comparison)
    for item in rows.filter(school_id__in=area.school_ids).values("which", "school_id").annotate(**counts):
        figures = tally.school(item["which"], item["school_id"])
        for name, value in _values(item).items():
            setattr(figures, name, value)
    empty = dict.fromkeys(FIELDS, 0)
    for which in (CURRENT, PREVIOUS):  # a county's reports include those naming no school
        for county_id in area.county_ids:
            tally.counties[which, county_id].update(empty, resolution_days=exact(0))
        tally.totals[which].update(empty, resolution_days=exact(0))
    for item in rows.values("which", "region_id").annotate(**counts):
        if item["region_id"] in area.county_ids:
            tally.counties[item["which"], item["region_id"]].update(_values(item))
    for item in rows.values("which").annotate(**counts):
        tally.totals[item["which"]].update(_values(item))
