"""Import files as the national systems export them, made in the tests: rows by Chinese header, written as CSV
(UTF-8, GB18030), .xlsx (openpyxl) or .xls (xlwt), with title rows above the table and merged cells if asked."""

import csv
import datetime as dt
import io
from collections.abc import Sequence

import openpyxl
import xlwt

from tests.factories import synthetic_id_number

TEACHER_HEADERS = (
    "学校标识码", "姓名", "性别", "教职工号", "身份证件类型", "身份证件号", "出生日期", "民族", "政治面貌", "参加工作年月",
    "进本校年月", "最高学历", "现任岗位类别", "现任专业技术职务", "是否县级以上骨干教师", "人员状态",
)  # fmt: skip
STUDENT_HEADERS = (
    "学校标识码", "全国学籍号", "姓名", "性别", "身份证件类型", "身份证件号", "出生日期", "民族", "年级", "班级", "入学年月",
    "学籍状态",
)  # fmt: skip


def teacher_row(
    school_code: str, *, name: str = "王芳", male: bool = False, birth=dt.date(1986, 4, 12), **changes
):
    """A valid 基本信息 row (as the export writes it) with `changes` by header."""
    row = {
        "学校标识码": school_code,
        "姓名": name,
        "性别": "男" if male else "女",
        "教职工号": "0012",
        "身份证件类型": "居民身份证",
        "身份证件号": synthetic_id_number(birth=birth, male=male),
        "出生日期": birth.isoformat(),
        "民族": "汉族",
        "政治面貌": "中共党员",
        "参加工作年月": "2008-09",
        "进本校年月": "2015-09",
        "最高学历": "本科",
        "现任岗位类别": "专业技术岗位",
        "现任专业技术职务": "一级教师",
        "是否县级以上骨干教师": "否",
        "人员状态": "在岗",
    }
    row.update(changes)
    return row


def student_row(
    school_code: str, *, name: str = "李明", male: bool = True, birth=dt.date(2016, 5, 2), **changes
):
    number = synthetic_id_number(birth=birth, male=male)
    row = {
        "学校标识码": school_code,
        "全国学籍号": "G" + number,
        "姓名": name,
        "性别": "男" if male else "女",
        "身份证件类型": "居民身份证",
        "身份证件号": number,
        "出生日期": birth.isoformat(),
        "民族": "汉族",
        "年级": "四年级",
        "班级": "2班",
        "入学年月": "2022-09",
        "学籍状态": "在籍在读",
    }
    row.update(changes)
    return row


def table(rows: Sequence[dict], headers: Sequence[str] | None = None) -> list[list]:
    headers = list(headers or rows[0].keys())
    return [headers, *([row.get(header, "") for header in headers] for row in rows)]


def csv_bytes(cells: Sequence[Sequence], *, encoding: str = "utf-8", above: Sequence[Sequence] = ()) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([*above, *cells])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(
    sheets: dict[str, Sequence[Sequence]], *, merges: dict[str, Sequence[str]] | None = None
) -> bytes:
    """Sheets of rows (values as Python objects: str, int, float, date); `merges` lists ranges like "A1:D1"; a
    merged range keeps only its top-left value, as Excel does."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cell_range in (merges or {}).get(title, ()):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_DATE_STYLE = xlwt.easyxf(num_format_str="YYYY-MM-DD")


def xls_bytes(
    sheets: dict[str, Sequence[Sequence]], *, merges: dict[str, Sequence[tuple]] | None = None
) -> bytes:
    """The legacy format; `merges` as (first row, last row, first column, last column), 0-based inclusive, the
    top-left value written across the range."""
    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        merged = {}
        for top, bottom, left, right in (merges or {}).get(title, ()):
            merged[(top, left)] = (bottom, right)
        covered = {
            (r, c) for (top, left), (bottom, right) in merged.items() for r in range(top, bottom + 1)
            for c in range(left, right + 1)
        }  # fmt: skip
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    bottom, right = merged[(r, c)]
                    sheet.write_merge(r, bottom, c, right, value)
                elif (r, c) in covered or value in (None, ""):
                    continue
                elif isinstance(value, dt.date):
                    sheet.write(r, c, value, _DATE_STYLE)
                else:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
