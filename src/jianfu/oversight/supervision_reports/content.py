"""What a supervision report says, whatever its format: the title and period, the basis (the measures, measure
20's sentence on accountability quoted), the area's indicators against the same months a year earlier, the
charts, and the tables per county or school. Built once from the indicators; the workbook and the PDF only lay
it out."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.safestring import SafeString

from jianfu.oversight import indicators
from jianfu.oversight.indicators import INDICATOR_BY_KEY, INDICATORS, Board, Indicator, Period, Row
from jianfu.oversight.supervision_reports import charts
from jianfu.oversight.supervision_reports.measures import MEASURES, Basis, basis, measure_quote

# The indicators of the first chart (each on its own scale) and of the charts per county or school.
OVERVIEW = (
    "inspections",
    "out_of_plan",
    "campus",
    "hours_per_teacher",
    "served",
    "reports",
    "mean_resolution_days",
    "exam_coverage",
    "training_per_teacher",
)
PER_GROUP = ("hours_per_teacher", "inspections", "exam_coverage", "training_per_teacher")
# The tables per county or school, split in two to fit a page's width.
TABLES = (
    (
        "督查检查、进校园活动、工作量与数据复用",
        (
            "inspections",
            "out_of_plan",
            "plan_entries",
            "campus",
            "campus_allowance",
            "hours_per_teacher",
            "served",
            "served_share",
        ),
    ),
    (
        "举报办理、教师体检与培训",
        (
            "reports",
            "reports_closed",
            "reports_founded",
            "mean_resolution_days",
            "exam_coverage",
            "training_per_teacher",
        ),
    ),
)

# How each indicator is read (the report's notes).
DEFINITIONS = {
    "inspections": "经批准并在统计期间开始实施的督查检查考核事项；学校按接受检查次数计，旗县区和全市同一事项只计一次。",
    "out_of_plan": "其中未列入已公布年度计划、按计划外事项审批的检查。",
    "plan_entries": "统计期间各月已公布年度计划中的条目：旗县区为本级计划，全市为市本级及各旗县区计划之和。",
    "campus": "经批准在统计期间开始的进校园活动，每所涉及学校计一次。",
    "campus_allowance": "各校每学期进校园活动上限（本旗县区当年配额设置，未设置时用全市设置或默认值）按统计期间月数折算（每6个月一个学期）。",
    "hours_per_teacher": "负担台账月度汇总中的非教学工作小时（含更正）除以在岗教师数。",
    "served": "经批准的数据需求中由信息库直接提供、无需教师填写的“人×字段”项数（按交付月份计）。",
    "served_share": "信息库直接提供项数占数据需求所需全部项数的比例。",
    "reports": "统计期间收到的举报（含匿名举报），学校按举报所涉学校计，旗县区按举报所在旗县区计。",
    "reports_closed": "其中在统计期间结束前办结的举报。",
    "reports_founded": "其中经核查属实的举报。",
    "mean_resolution_days": "已办结举报自收到至办结的平均天数。",
    "exam_coverage": "统计期间结束年度的教师体检在期末前已完成的人数占在岗教师数的比例。",
    "training_per_teacher": "培训研修月度汇总中的培训小时（各层级合计）除以在岗教师数。",
}
TEACHERS_NOTE = "在岗教师数按教师信息库当前状态计，本期与上年同期使用同一人数。"


@dataclass(frozen=True)
class SummaryLine:
    indicator: Indicator
    current: str
    previous: str
    change: str

    @property
    def label(self) -> str:
        return self.indicator.heading


@dataclass(frozen=True)
class Table:
    title: str
    indicators: list[Indicator]
    rows: list[tuple[str, list[tuple[str, str]]]]  # label, (this period, a year earlier) per indicator
    total: tuple[str, list[tuple[str, str]]]

    @property
    def headings(self) -> list[str]:
        return [i.heading for i in self.indicators]


@dataclass(frozen=True)
class MeasureCited:
    number: int
    quote: str


@dataclass
class SupervisionReport:
    board: Board
    generated_at: dt.datetime
    basis: Basis

    @property
    def region(self):
        return self.board.level.region

    @property
    def period(self) -> Period:
        return self.board.period

    @property
    def previous(self) -> Period:
        return self.board.previous

    @property
    def is_city(self) -> bool:
        return self.board.level.kind == "city"

    @property
    def title(self) -> str:
        when = f"{self.period.start.year}年度" if self.period.is_whole_year else self.period.label
        return f"{self.region.name}{when}减轻中小学教师负担督导报告"

    @property
    def filename_stem(self) -> str:
        return f"{self.region.name}-{self.period.label}-减负督导报告"

    @property
    def period_text(self) -> str:
        return (
            f"统计期间：{self.period.label}（{self.period.span}）；"
            f"同比：{self.previous.label}（{self.previous.span}）"
        )

    @property
    def measures(self) -> list[MeasureCited]:
        return [MeasureCited(number, measure_quote(number)) for number in MEASURES]

    @property
    def summary(self) -> list[SummaryLine]:
        total = self.board.total
        return [
            SummaryLine(i, i.text(total.current), i.text(total.previous), change(i, total))
            for i in INDICATORS
            if self.board.level.kind != "school" or not i.area_only
        ]

    @property
    def definitions(self) -> list[tuple[str, int, str]]:
        return [(i.label, i.measure, DEFINITIONS[i.key]) for i in INDICATORS]

    @property
    def teachers_note(self) -> str:
        return TEACHERS_NOTE

    @property
    def group_label(self) -> str:
        return self.board.level.group_label

    @property
    def groups(self) -> list[Row]:
        """The rows of the level below: the city's counties, a county's schools."""
        return self.board.rows

    @property
    def tables(self) -> list[Table]:
        shown = [] if self.board.level.kind == "school" else self.groups
        total = self.board.total
        tables = []
        for title, keys in TABLES:
            chosen = [
                INDICATOR_BY_KEY[k]
                for k in keys
                if not (INDICATOR_BY_KEY[k].area_only and self.board.level.kind == "county")
            ]
            tables.append(
                Table(
                    title=title,
                    indicators=chosen,
                    rows=[(row.label, row.cells(chosen)) for row in shown],
                    total=(f"{total.label}合计", total.cells(chosen)),
                )
            )
        return tables

    # --- charts ---------------------------------------------------------------------------------------------

    @property
    def overview_chart(self) -> SafeString:
        """The area's main indicators, each on its own scale (their units differ)."""
        total = self.board.total
        rows = [_bars(INDICATOR_BY_KEY[key], total, label=INDICATOR_BY_KEY[key].heading) for key in OVERVIEW]
        return charts.paired_bars(
            title=f"{self.region.name}主要指标同比", rows=rows, common_scale=False, **_legend(self.board)
        )

    @property
    def group_charts(self) -> list[SafeString]:
        return [group_chart(board=self.board, key=key) for key in PER_GROUP]


def _legend(board: Board) -> dict:
    return {
        "current_label": f"本期（{board.period.label}）",
        "previous_label": f"上年同期（{board.previous.label}）",
    }


def _bars(indicator: Indicator, row: Row, *, label: str) -> charts.Bars:
    return charts.Bars(
        label=label,
        current=indicator.value(row.current),
        previous=indicator.value(row.previous),
        current_text=indicator.text(row.current),
        previous_text=indicator.text(row.previous),
    )


def group_chart(*, board: Board, key: str) -> SafeString:
    """One indicator across the level's counties or schools, this period's bar beside the year before's."""
    indicator = INDICATOR_BY_KEY[key]
    rows = [_bars(indicator, row, label=row.label) for row in board.rows]
    title = f"各{board.level.group_label}{indicator.heading}"
    return charts.paired_bars(title=title, rows=rows, **_legend(board))


def change(indicator: Indicator, row: Row) -> str:
    """This period against the same months a year earlier: "+3", "-1.50", "+5.0个百分点", "持平" or "—"."""
    now, before = indicator.value(row.current), indicator.value(row.previous)
    if now is None or before is None:
        return "—"
    delta = Decimal(now) - Decimal(before)
    if not delta:
        return "持平"
    text = f"{delta:+}"
    return f"{text}个百分点" if indicator.percent else text


def supervision_report(*, user, period: Period, region_code: str = "") -> SupervisionReport:
    """The report of a county or the city in the user's area (another region: 404; a school: 403)."""
    level = indicators.level_for(user=user, region_code=region_code)
    if level.kind == "school":
        raise PermissionDenied("督导报告按旗县区或全市生成")
    board = indicators.indicators_board(user=user, level=level, period=period)
    return SupervisionReport(board=board, generated_at=timezone.localtime(), basis=basis())
