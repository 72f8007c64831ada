"""The supervision report as an Excel workbook (openpyxl): 概况 (title, basis, the area's indicators), one sheet
per level below (各旗县区 for the city, 各学校), and 说明 (how each indicator is read). Figures are numbers, the
period and the same months a year earlier side by side."""

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from jianfu.oversight.indicators import INDICATORS, Row
from jianfu.oversight.supervision_reports.content import SupervisionReport

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(value):
    """Numbers stay numbers; text a user typed never starts a formula."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _overview(book: Workbook, report: SupervisionReport) -> None:
    sheet = book.active
    sheet.title = "概况"
    sheet.append([report.title])
    sheet["A1"].font = TITLE
    sheet.append([report.period_text])
    sheet.append([f"依据：{report.basis.title}（{report.basis.issued}印发）"])
    sheet.append([f"措施第20条：“{report.basis.accountability}”"])
    sheet.append([f"生成时间：{report.generated_at:%Y-%m-%d %H:%M}"])
    sheet.append([])
    sheet.append(
        ["指标", "对应措施", report.period.label, f"上年同期（{report.previous.label}）", "同比变化"]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    total = report.board.total
    for line in report.summary:
        i = line.indicator
        sheet.append(
            [
                line.label,
                f"第{i.measure}条",
                _cell(i.value(total.current)),
                _cell(i.value(total.previous)),
                line.change,
            ]
        )
    sheet.append([])
    sheet.append(["措施", "原文（摘引）"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for measure in report.measures:
        sheet.append([f"第{measure.number}条", measure.quote])
    sheet.column_dimensions["A"].width = 26
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 18


def _groups(
    book: Workbook, report: SupervisionReport, *, title: str, rows: list[Row], with_county: bool
) -> None:
    sheet = book.create_sheet(title)
    shown = [i for i in INDICATORS if not (i.area_only and title == "各学校")]
    heading = [*(["旗县区"] if with_county else []), "名称"]
    for i in shown:
        heading += [f"{i.heading}{report.period.label}", f"{i.heading}{report.previous.label}"]
    sheet.append(heading)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for row in rows:
        values = [*([row.region_label] if with_county else []), row.label]
        for i in shown:
            values += [i.value(row.current), i.value(row.previous)]
        sheet.append([_cell(v) for v in values])
    total = report.board.total
    values = [*([""] if with_county else []), f"{total.label}合计"]
    for i in shown:
        values += [i.value(total.current), i.value(total.previous)]
    if not (title == "各学校" and report.is_city):  # the city's total is on the counties' sheet
        sheet.append([_cell(v) for v in values])
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
    sheet.freeze_panes = sheet.cell(row=2, column=len(heading) - 2 * len(shown) + 1)
    for index in range(1, len(heading) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 22 if index <= 2 else 14


def _notes(book: Workbook, report: SupervisionReport) -> None:
    sheet = book.create_sheet("说明")
    sheet.append(["指标", "对应措施", "口径"])
    for cell in sheet[1]:
        cell.font = BOLD
    for label, measure, text in report.definitions:
        sheet.append([label, f"第{measure}条", text])
    sheet.append(["在岗教师", "", report.teachers_note])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90


def report_workbook(report: SupervisionReport) -> bytes:
    book = Workbook()
    _overview(book, report)
    if report.is_city:
        _groups(book, report, title="各旗县区", rows=report.board.counties, with_county=False)
    _groups(book, report, title="各学校", rows=report.board.schools, with_county=True)
    _notes(book, report)
    book.properties.title = report.title
    book.properties.creator = "包头市中小学教师减负平台"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
