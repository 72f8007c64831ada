"""Reads of measure 20, always through the data scope: WHO-5 results by group, and the physical-exam lists.

WHO-5 results are shown only for groups of at least MIN_GROUP answers. A total (a county, the city) is withheld
too when subtracting the groups shown under it would reveal the answers of 1–9 teachers (complementary
suppression), so no page, drill-down or export ever lets a group under 10 be worked out.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.http import Http404

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.burden.models import PhysicalExam, WellbeingResponse
from jianfu.burden.services.wellbeing import LOW_WELLBEING, MIN_GROUP, WITHHELD, physical_exam_summary
from jianfu.registry.models import Region, School, Teacher

DERIVABLE = "为防止推算出不足10人的结果，不予显示"

# --- WHO-5 results -------------------------------------------------------------------------------------------


def period_label(period: str) -> str:
    """'2030-1' → '2030年上半年'."""
    year, _, half = period.partition("-")
    return f"{year}年{'上' if half == '1' else '下'}半年"


def recent_periods(*, today: dt.date, count: int = 6) -> list[str]:
    """The current half-year period and the `count - 1` before it, newest first."""
    year, half = today.year, 1 if today.month <= 6 else 2
    periods = []
    for _ in range(count):
        periods.append(f"{year}-{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return periods


@dataclass(frozen=True)
class Tally:
    count: int = 0
    raw: int = 0
    low: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.count + other.count, self.raw + other.raw, self.low + other.low)


@dataclass(frozen=True)
class ResultRow:
    """One group's line: figures only when shown; a withheld line carries the reason and nothing else."""

    label: str
    count: int | None
    mean_index: float | None
    low_share: float | None
    message: str = ""
    region_code: str = ""

    @property
    def withheld(self) -> bool:
        return self.count is None

    @property
    def low_percent(self) -> str:
        return "" if self.low_share is None else f"{self.low_share * 100:.1f}%"


@dataclass(frozen=True)
class Results:
    group_label: str
    title: str
    rows: list[ResultRow]
    total: ResultRow | None


def _row(label: str, tally: Tally, *, hidden: int = 0, region_code: str = "") -> ResultRow:
    """`hidden`: the answers in withheld groups under this one, which showing this row would let be derived."""
    if tally.count < MIN_GROUP:
        return ResultRow(label, None, None, None, WITHHELD, region_code)
    if 0 < hidden < MIN_GROUP:
        return ResultRow(label, None, None, None, DERIVABLE, region_code)
    mean = round(tally.raw * 4 / tally.count, 1)
    return ResultRow(label, tally.count, mean, round(tally.low / tally.count, 3), "", region_code)


def _tallies(*, user, period: str) -> dict[int, dict[int, Tally]]:
    """Answers in scope per county (the region on the answer) and school: one grouped query."""
    rows = (
        scope.visible_to(user, WellbeingResponse)
        .filter(period=period)
        .values("region_id", "school_id")
        .annotate(
            n=Count("pk"), raw=Sum("raw_score"), low=Count("pk", filter=Q(raw_score__lte=LOW_WELLBEING // 4))
        )
        .order_by()
    )
    tallies: dict[int, dict[int, Tally]] = defaultdict(dict)
    for r in rows:
        tallies[r["region_id"]][r["school_id"]] = Tally(r["n"], r["raw"], r["low"])
    return tallies


def _total(schools: dict[int, Tally]) -> Tally:
    return sum(schools.values(), Tally())


def _hidden_in_county(schools: dict[int, Tally]) -> int:
    return sum(t.count for t in schools.values() if t.count < MIN_GROUP)


def _county_row(label: str, schools: dict[int, Tally], *, region_code: str = "") -> ResultRow:
    return _row(label, _total(schools), hidden=_hidden_in_county(schools), region_code=region_code)


def _county_in_area(*, user, region_code: str) -> Region:
    if region_code not in user.area_region_codes:
        raise Http404
    county = scope.visible_to(user, Region).filter(code=region_code, level=Region.Level.COUNTY).first()
    if county is None:
        raise Http404
    return county


def wellbeing_results(*, user, period: str, region_code: str = "") -> Results:
    """A school's own line; a county's schools and total; the city's counties (or one county's schools, with
    `region_code`) and total. Every line follows MIN_GROUP."""
    tallies = _tallies(user=user, period=period)
    if user.role == Role.SCHOOL_ADMIN:
        school = scope.access_by_id(user, School, user.school_id)
        tally = sum((schools.get(school.pk, Tally()) for schools in tallies.values()), Tally())
        return Results("学校", school.name, [_row(school.name, tally)], None)
    if user.region is None:
        return Results("学校", "", [], None)
    if user.region.level == Region.Level.COUNTY or region_code:
        county = _county_in_area(user=user, region_code=region_code or user.region.code)
        schools = tallies.get(county.pk, {})
        listed = (
            scope.visible_to(user, School)
            .filter(Q(region=county) | Q(pk__in=list(schools)))
            .order_by("name", "pk")
            .only("pk", "name")
        )
        rows = [_row(s.name, schools.get(s.pk, Tally())) for s in listed]
        total = _county_row(f"{county.name}合计", schools)
        return Results("学校", f"{county.name}各学校", rows, total)
    counties = (
        scope.visible_to(user, Region)
        .filter(Q(code__in=user.area_region_codes, level=Region.Level.COUNTY) | Q(pk__in=list(tallies)))
        .order_by("code")
    )
    rows = [
        _county_row(
            c.name, tallies.get(c.pk, {}), region_code=c.code if c.level == Region.Level.COUNTY else ""
        )
        for c in counties
    ]
    # What subtracting the shown counties, and the shown schools of the others, from the city total would leave.
    hidden = sum(_hidden_in_county(s) for s in tallies.values() if _county_row("", s).withheld)
    everything = sum((_total(s) for s in tallies.values()), Tally())
    total = _row(f"{user.region.name}合计", everything, hidden=hidden)
    return Results("旗县区", f"{user.region.name}各旗县区", rows, total)


# --- physical examinations ----------------------------------------------------------------------------------

EXAM_STATUSES = {
    "none": ("未安排", "tag-review"),
    "due": ("应检", "tag-info"),
    "done": ("已检", "tag-read"),
    "overdue": ("逾期", "tag-block"),
}


def school_exam_rows(
    *, user, year: int, today: dt.date, query: str = "", status: str = ""
) -> QuerySet[Teacher]:
    """The school's active teachers, each annotated with the year's exam (exam_due, exam_done, exam_status):
    one query however many teachers."""
    exams = scope.visible_to(user, PhysicalExam).filter(year=year, teacher=OuterRef("pk"))
    teachers = (
        scope.visible_to(user, Teacher)
        .filter(school_id=user.school_id, status=Teacher.Status.ACTIVE)
        .annotate(
            exam_due=Subquery(exams.values("due_on")[:1]),
            exam_done=Subquery(exams.values("done_on")[:1]),
        )
        .annotate(
            exam_status=Case(
                When(exam_done__isnull=False, then=Value("done")),
                When(exam_due__isnull=True, then=Value("none")),
                When(exam_due__lt=today, then=Value("overdue")),
                default=Value("due"),
            )
        )
        .only("pk", "name", "subject", "school_id")
        .order_by("name", "pk")
    )
    if query:
        teachers = teachers.filter(name__icontains=query)
    if status in EXAM_STATUSES:
        teachers = teachers.filter(exam_status=status)
    return teachers


@dataclass(frozen=True)
class ExamSchoolRow:
    school: School
    teachers: int
    done: int
    due: int
    overdue: int

    @property
    def unscheduled(self) -> int:
        return max(self.teachers - self.done - self.due - self.overdue, 0)

    @property
    def coverage(self) -> str:
        """Teachers examined this year as a share of the school's active teachers."""
        if not self.teachers:
            return "—"
        return f"{min(self.done, self.teachers) / self.teachers * 100:.1f}%"


def area_exam_rows(
    *, user, year: int, today: dt.date, query: str = "", region_code: str = ""
) -> list[ExamSchoolRow]:
    """Per school in scope (all of them, also those with nothing recorded): active teachers, done, due and
    overdue exams. Three queries."""
    schools = scope.visible_to(user, School).select_related("region").order_by("region__code", "name", "pk")
    if query:
        schools = schools.filter(name__icontains=query)
    if region_code:
        schools = schools.filter(region__code=region_code)
    summary = {r["school_id"]: r for r in physical_exam_summary(user=user, year=year, today=today)}
    teachers = dict(
        scope.visible_to(user, Teacher)
        .filter(status=Teacher.Status.ACTIVE)
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("school_id", "n")
    )
    nothing = {"done": 0, "due": 0, "overdue": 0}
    rows = []
    for s in schools:
        counts = summary.get(s.pk, nothing)
        rows.append(ExamSchoolRow(s, teachers.get(s.pk, 0), counts["done"], counts["due"], counts["overdue"]))
    return rows


def county_choices(*, user) -> QuerySet[Region]:
    """The counties of the user's area, to filter by (a county user has only its own)."""
    return scope.visible_to(user, Region).filter(code__in=user.area_region_codes, level=Region.Level.COUNTY)
