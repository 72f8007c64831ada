"""The figures of one school, county or city in one period, and the indicators read from them.

Counts and sums are kept raw (what the grouped reads returned); the indicators (per teacher, shares, averages)
are derived here, so a county's figures are the sums of its schools' raw figures, except where one Matter or one
report concerns several schools (counted once per county: the reads count those per county themselves).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def exact(value, places: Decimal = CENT) -> Decimal:
    """A database sum as exact hundredths (SQLite adds decimals as floats)."""
    return Decimal(str(value or 0)).quantize(places, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> Decimal | int:
    """A whole number without its decimals (an allowance of 12, not 12.00)."""
    return int(value) if value == value.to_integral_value() else value


def _ratio(part, whole, places: Decimal = CENT) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(places, rounding=ROUND_HALF_UP)


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(min(part, whole)) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    teachers: int = 0  # active teachers (the registry as it stands today)
    inspections: int = 0  # approved inspection Matters carried out in the period
    out_of_plan: int = 0  # of which not in an annual plan (计划外)
    plan_entries: int | None = None  # entries of the group's own published annual plan (counties, the city)
    campus: int = 0  # approved campus activities (one per school concerned)
    campus_allowance: Decimal = ZERO  # the semester quota, pro rata over the period's months
    hours: Decimal = ZERO  # non-teaching hours in the burden ledger (monthly rollups)
    served: int = 0  # teacher × field entries data requests got from the registry, without asking anyone
    asked: int = 0  # entries teachers were asked to fill in
    exams_done: int = 0  # teachers with the year's physical examination done by the period's end
    training_hours: Decimal = ZERO  # professional-development hours (training rollups)
    # Reports (complaints) received in the period; None where they are withheld (a school never sees the
    # reports naming it, so that nobody there can work out who reported).
    reports: int | None = 0
    reports_closed: int | None = 0  # of those, concluded (办结) by the period's end
    reports_founded: int | None = 0  # of those, founded (属实)
    resolution_days: Decimal | None = ZERO  # days from receipt to conclusion, summed over the concluded ones

    def __add__(self, other: "Figures") -> "Figures":
        total = Figures()
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            if mine is None or theirs is None:
                setattr(total, item.name, theirs if mine is None else mine)
            else:
                setattr(total, item.name, mine + theirs)
        return total

    # --- the indicators -------------------------------------------------------------------------------------

    @property
    def hours_per_teacher(self) -> Decimal | None:
        return _ratio(self.hours, self.teachers)

    @property
    def served_share(self) -> Decimal | None:
        """Entries served from the registry as a percentage of all the entries data requests needed."""
        return _percent(self.served, self.served + self.asked)

    @property
    def exam_coverage(self) -> Decimal | None:
        return _percent(self.exams_done, self.teachers)

    @property
    def training_per_teacher(self) -> Decimal | None:
        return _ratio(self.training_hours, self.teachers)

    @property
    def mean_resolution_days(self) -> Decimal | None:
        if self.resolution_days is None:
            return None
        return _ratio(self.resolution_days, self.reports_closed, TENTH)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    measure: int  # the measure of the twenty it supervises
    read: Callable[[Figures], object]
    unit: str = ""
    percent: bool = False
    area_only: bool = False  # meaningless for one school (annual plans are a county's or the city's)

    @property
    def heading(self) -> str:
        """The label with its unit: 人均非教学工作（小时）, 教师体检覆盖率（%）."""
        unit = "%" if self.percent else self.unit
        return f"{self.label}（{unit}）" if unit else self.label

    def value(self, figures: Figures):
        return self.read(figures)

    def text(self, figures: Figures) -> str:
        value = self.read(figures)
        if value is None:
            return "—"
        return f"{value}%" if self.percent else str(value)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("inspections", "督查检查", 1, lambda f: f.inspections, unit="次"),
    Indicator("out_of_plan", "其中计划外", 1, lambda f: f.out_of_plan, unit="次"),
    Indicator("plan_entries", "本级年度计划条目", 1, lambda f: f.plan_entries, unit="项", area_only=True),
    Indicator("campus", "进校园活动", 4, lambda f: f.campus, unit="次"),
    Indicator("campus_allowance", "进校园活动额度", 4, lambda f: plain(f.campus_allowance), unit="次"),
    Indicator("hours_per_teacher", "人均非教学工作", 20, lambda f: f.hours_per_teacher, unit="小时"),
    Indicator("served", "信息库代填（免填）", 15, lambda f: f.served, unit="人·项"),
    Indicator("served_share", "免填比例", 15, lambda f: f.served_share, percent=True),
    Indicator("reports", "收到举报", 20, lambda f: f.reports, unit="件"),
    Indicator("reports_closed", "已办结举报", 20, lambda f: f.reports_closed, unit="件"),
    Indicator("reports_founded", "其中属实", 20, lambda f: f.reports_founded, unit="件"),
    Indicator("mean_resolution_days", "平均办结用时", 20, lambda f: f.mean_resolution_days, unit="天"),
    Indicator("exam_coverage", "教师体检覆盖率", 20, lambda f: f.exam_coverage, percent=True),
    Indicator("training_per_teacher", "人均培训研修", 11, lambda f: f.training_per_teacher, unit="小时"),
)

INDICATOR_BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


@dataclass
class Row:
    """One county or school (or the area's total): its figures in the period and in the same months a year
    earlier."""

    key: int
    label: str
    current: Figures = field(default_factory=Figures)
    previous: Figures = field(default_factory=Figures)
    drill: dict | None = None  # query parameters of the level below, when there is one
    region_label: str = ""  # a school's county
    url: str = ""  # the page's link to the level below

    def cells(self, indicators=INDICATORS) -> list[tuple[str, str]]:
        """(this period, a year earlier) as text, per indicator."""
        return [(i.text(self.current), i.text(self.previous)) for i in indicators]
