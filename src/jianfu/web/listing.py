"""What every list page shares: paging with a bounded page size, and Excel export of the same rows."""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jianfu.common.spill import abandon, spill_directory, spill_sheet

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def excel_response(
    *, filename: str, title: str, columns: Sequence[tuple[str, Callable[[Any], Any]]], rows: Iterable[Any]
) -> HttpResponse:
    """An .xlsx with a bold header row; `columns` pairs each Chinese header with how to read it from a row.
    Its rows spill into a private directory removed however the build ends (lists hold personal data)."""
    book = Workbook(write_only=True)
    buffer = BytesIO()
    with spill_directory() as spill:
        try:
            sheet = book.create_sheet(title[:31])
            spill_sheet(sheet, spill)
            sheet.append(_bold_row(sheet, [label for label, _ in columns]))
            for row in rows:
                sheet.append([_excel_value(read(row)) for _, read in columns])
            book.save(buffer)
        except BaseException:
            abandon(book)
            raise
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _bold_row(sheet, labels: list[str]) -> list:
    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _excel_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    # A leading '=' would make Excel evaluate text a user typed (formula injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
