"""The file of an approved student export: only the approved fields, ID numbers masked unless allowed, and a
watermark naming the recipient institution, the request number and the date on every sheet (the header and footer
of each printed page, a visible first row repeated on each page) and in the workbook properties.

Each build spills its rows into its own owner-only directory (common/spill.py), never the system's temporary
directory, so a failed build or a killed worker leaves no students' data behind.
"""

import datetime as dt
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jianfu.common.spill import abandon, spill_directory, spill_sheet
from jianfu.registry.models import Student
from jianfu.sharing import exportable
from jianfu.sharing.models import StudentExportRequest

PLATFORM = "包头市中小学教师减负平台"
_MARK_FONT = Font(bold=True, color="C00000")


def watermark(*, export: StudentExportRequest, day: dt.date) -> str:
    return (
        f"仅限{export.requester_label}使用 · 申请编号{export.number} · 导出日期{day:%Y-%m-%d} · "
        f"不得转给他人或用于申请用途以外"
    )


def filename(*, export: StudentExportRequest, day: dt.date) -> str:
    return f"学生数据-{export.number}-{export.requester_label}-{day:%Y%m%d}.xlsx"


def _value(value: Any) -> Any:
    if value is None:
        return ""
    # Text starting like a formula would be evaluated by Excel (formula injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _marked_sheet(book: Workbook, *, title: str, mark: str, spill: Path):
    sheet = book.create_sheet(title)
    header_text = mark.replace("&", "&&")  # '&' starts a code in Excel headers and footers
    for header in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
        header.center.text = header_text
    for footer in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
        footer.left.text = header_text
        footer.right.text = "第 &P 页，共 &N 页"
    sheet.print_title_rows = "1:2"  # the watermark row and the column headers on every printed page
    spill_sheet(sheet, spill)
    cell = WriteOnlyCell(sheet, value=mark)
    cell.font = _MARK_FONT
    sheet.append([cell])
    return sheet


def _bold(sheet, labels: Iterable[str]) -> list:
    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def student_export_workbook(
    *, export: StudentExportRequest, students: Iterable[Student], day: dt.date
) -> tuple[bytes, int]:
    """The .xlsx bytes and the number of students written."""
    book = Workbook(write_only=True)
    with spill_directory() as spill:
        try:
            return _build(book, export=export, students=students, day=day, spill=spill)
        except BaseException:
            abandon(book)
            raise


def _build(
    book: Workbook, *, export: StudentExportRequest, students: Iterable[Student], day: dt.date, spill: Path
) -> tuple[bytes, int]:
    mark = watermark(export=export, day=day)
    properties = book.properties
    properties.title = f"学生数据 {export.number}"
    properties.subject = mark
    properties.creator = PLATFORM
    properties.keywords = f"{export.requester_label}; {export.number}; {day:%Y-%m-%d}"
    properties.category = "学生数据授权导出（措施第16条）"
    properties.description = f"{mark}。用途：{export.purpose}"[:1000]

    columns = exportable.columns(export.fields, unmasked_id=export.allow_unmasked_id)
    data = _marked_sheet(book, title="学生数据", mark=mark, spill=spill)
    data.append(_bold(data, [label for label, _ in columns]))
    count = 0
    for student in students:
        data.append([_value(read(student)) for _, read in columns])
        count += 1

    about = _marked_sheet(book, title="授权说明", mark=mark, spill=spill)
    about.append(_bold(about, ["项目", "内容"]))
    id_rule = (
        ("完整（经审批允许）" if export.allow_unmasked_id else "已脱敏")
        if exportable.ID_NUMBER in export.fields
        else "未导出"
    )
    for label, value in (
        ("申请编号", export.number),
        ("接收机构", export.requester_label),
        ("用途", export.purpose),
        ("字段", "、".join(exportable.labels(export.fields))),
        ("身份证件号", id_rule),
        ("数据来源学校", "、".join(school.name for school in export.schools.all())),
        ("审批层级", export.route_region.name),
        ("有效期至", export.expires_on),
        ("导出日期", day),
        ("人数", count),
    ):
        about.append([label, _value(value)])

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count
