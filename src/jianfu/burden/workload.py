"""Reads of workload: teaching load from the registry, non-teaching hours from the ledger, thresholds, warnings.

Every sum is computed by the database (GROUP BY, or a correlated aggregate subquery per listed row), never by
looping over teachers in Python; corrections are entries with signed hours, so every sum is net of them.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from jianfu.accounts import scope
from jianfu.burden.models import Category, LedgerEntry, WorkloadSetting
from jianfu.registry.models import Region, School, Teacher

HOURS = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def hours(value) -> Decimal:
    """A sum as exact hundredths (SQLite adds decimals as floats)."""
    if isinstance(value, Decimal):  # PostgreSQL's numeric: no detour through text
        return value.quantize(CENT)
    return Decimal(str(value or 0)).quantize(CENT)


@dataclass(frozen=True)
class Period:
    """The ISO week (Monday to Sunday) and the calendar month of a day."""

    day: dt.date

    @property
    def week(self) -> tuple[dt.date, dt.date]:
        start = self.day - dt.timedelta(days=self.day.weekday())
        return start, start + dt.timedelta(days=6)

    @property
    def month(self) -> tuple[dt.date, dt.date]:
        start = self.day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return start, following - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.day.year}年{self.day.month}月"


def setting_for(*, year: int, region: Region | None) -> WorkloadSetting:
    """The county's own thresholds for the year, else the city's, else the documented defaults."""
    candidates = []
    while region is not None:
        candidates.append(region.pk)
        region = region.parent
    rows = {row.region_id: row for row in WorkloadSetting.objects.filter(year=year, region_id__in=candidates)}
    for region_id in candidates:
        if region_id in rows:
            return rows[region_id]
    return WorkloadSetting(year=year)


def settings_by_region(*, year: int) -> dict[int, WorkloadSetting]:
    """Every region's thresholds in force for the year (region id -> setting), in two queries."""
    own = {row.region_id: row for row in WorkloadSetting.objects.filter(year=year)}
    result = {}
    for region in Region.objects.all():
        chain = [region.pk, region.parent_id]
        result[region.pk] = next((own[pk] for pk in chain if pk in own), None) or WorkloadSetting(year=year)
    return result


def _week_month(prefix: str, period: Period) -> dict:
    return {
        "week_hours": Coalesce(Sum(f"{prefix}hours", filter=Q(**{f"{prefix}date__range": period.week})), ZERO,
                               output_field=HOURS),
        "month_hours": Coalesce(Sum(f"{prefix}hours", filter=Q(**{f"{prefix}date__range": period.month})), ZERO,
                                output_field=HOURS),
    }  # fmt: skip


# --- one teacher ---------------------------------------------------------------------------------------------


def teacher_hours_by_category(*, teacher_id: int, period: Period) -> list[dict]:
    """This week's and this month's hours per TALIS category (every category listed, zero included)."""
    first = min(period.week[0], period.month[0])
    last = max(period.week[1], period.month[1])
    rows = (
        LedgerEntry.objects.filter(teacher_id=teacher_id, date__range=(first, last))
        .order_by()
        .values("category")
        .annotate(**_week_month("", period))
    )
    found = {row["category"]: row for row in rows}
    return [
        {
            "category": value,
            "label": label,
            "week_hours": hours(found.get(value, {}).get("week_hours")),
            "month_hours": hours(found.get(value, {}).get("month_hours")),
        }
        for value, label in Category.choices
    ]


def workload_by_month(*, user, year: int) -> list[dict]:
    """The logged-in teacher's net hours of `year` by month and category (API /workload/me)."""
    rows = (
        scope.visible_to(user, LedgerEntry)
        .filter(teacher_id=user.teacher_id, date__year=year)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month", "category")
        .annotate(total=Sum("hours"))
        .order_by("month", "category")
    )
    labels = dict(Category.choices)
    return [
        {
            "month": f"{row['month']:%Y-%m}",
            "category": row["category"],
            "category_label": labels.get(row["category"], row["category"]),
            "hours": hours(row["total"]),
        }
        for row in rows
        if hours(row["total"]) != 0
    ]


def teaching_hours_per_week(*, weekly_lessons: int, setting: WorkloadSetting) -> Decimal:
    return hours(Decimal(weekly_lessons) * setting.lesson_minutes / 60)


# --- a school's teachers -------------------------------------------------------------------------------------


def school_teachers_workload(*, user, school: School, period: Period) -> QuerySet[Teacher]:
    """The school's active teachers with their week and month non-teaching hours, the most loaded first."""
    in_school = Q(ledger_entries__school_id=school.pk)
    week = Q(ledger_entries__date__range=period.week) & in_school
    month = Q(ledger_entries__date__range=period.month) & in_school
    return (
        scope.visible_to(user, Teacher)
        .filter(school_id=school.pk, status=Teacher.Status.ACTIVE)
        .annotate(
            week_hours=Coalesce(Sum("ledger_entries__hours", filter=week), ZERO, output_field=HOURS),
            month_hours=Coalesce(Sum("ledger_entries__hours", filter=month), ZERO, output_field=HOURS),
        )
        .order_by("-month_hours", "-week_hours", "name", "pk")
    )


def flag_teachers(rows, *, setting: WorkloadSetting) -> list:
    """Mark each listed teacher (already summed by the database) against the thresholds."""
    for row in rows:
        row.week_hours, row.month_hours = hours(row.week_hours), hours(row.month_hours)
        row.teaching_hours = teaching_hours_per_week(weekly_lessons=row.weekly_lessons, setting=setting)
        row.over_week = row.week_hours > setting.weekly_nonteaching_hours
        row.over_month = row.month_hours > setting.monthly_nonteaching_hours
        row.warning = row.over_week or row.over_month
    return rows


# --- schools of a county, counties of the city ---------------------------------------------------------------


def _ledger_sum(group: str, date_range) -> Coalesce:
    rows = (
        LedgerEntry.objects.filter(**{group: OuterRef("pk")}, date__range=date_range)
        .order_by()
        .values(group)
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=HOURS), ZERO, output_field=HOURS)


def _active_teachers(group: str) -> Coalesce:
    rows = (
        Teacher.objects.filter(**{group: OuterRef("pk")}, status=Teacher.Status.ACTIVE)
        .order_by()
        .values(group)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def county_schools_workload(*, user, region: Region, period: Period) -> QuerySet[School]:
    return (
        scope.visible_to(user, School)
        .filter(region_id=region.pk)
        .annotate(
            teacher_count=_active_teachers("school"),
            week_hours=_ledger_sum("school", period.week),
            month_hours=_ledger_sum("school", period.month),
        )
        .order_by("-month_hours", "code")
    )


def city_counties_workload(*, user, city: Region, period: Period) -> QuerySet[Region]:
    codes = scope.visible_to(user, School).values("region_id")
    return (
        Region.objects.filter(parent_id=city.pk, pk__in=codes)
        .annotate(
            teacher_count=_active_teachers("school__region"),
            week_hours=_ledger_sum("school__region", period.week),
            month_hours=_ledger_sum("school__region", period.month),
        )
        .order_by("-month_hours", "code")
    )


def flag_groups(rows, *, setting_of) -> list:
    """Mark schools or counties whose teachers average above the thresholds; `setting_of(row)` gives them."""
    for row in rows:
        setting = setting_of(row)
        row.week_hours, row.month_hours = hours(row.week_hours), hours(row.month_hours)
        row.week_average = hours(row.week_hours / row.teacher_count) if row.teacher_count else ZERO
        row.month_average = hours(row.month_hours / row.teacher_count) if row.teacher_count else ZERO
        row.warning = (
            row.week_average > setting.weekly_nonteaching_hours
            or row.month_average > setting.monthly_nonteaching_hours
        )
    return rows


# --- early warnings ------------------------------------------------------------------------------------------


def teachers_over_threshold(*, user, period: Period, schools=None) -> list[dict]:
    """Teachers in the user's scope whose week or month hours are above their region's thresholds.

    One GROUP BY ... HAVING query returns the candidates above the lowest threshold in force; each candidate is
    then checked against its own region's setting (a county may set stricter or looser ones than the city).
    """
    rows = scope.visible_to(user, LedgerEntry).filter(
        date__range=(min(period.week[0], period.month[0]), max(period.week[1], period.month[1]))
    )
    if schools is not None:
        rows = rows.filter(school__in=schools)
    settings = settings_by_region(year=period.day.year)
    weekly = min(s.weekly_nonteaching_hours for s in settings.values())
    monthly = min(s.monthly_nonteaching_hours for s in settings.values())
    candidates = (
        rows.order_by()
        .values("teacher_id", "teacher__name", "school_id", "school__name", "school__region_id")
        .annotate(**_week_month("", period))
        .filter(Q(week_hours__gt=weekly) | Q(month_hours__gt=monthly))
        .order_by("-month_hours", "teacher_id")
    )
    flagged = []
    for row in candidates:
        setting = settings[row["school__region_id"]]
        week, month = hours(row["week_hours"]), hours(row["month_hours"])
        if week > setting.weekly_nonteaching_hours or month > setting.monthly_nonteaching_hours:
            flagged.append({**row, "week_hours": week, "month_hours": month, "setting": setting})
    return flagged
