"""The tables of an uploaded file, recognised by its bytes rather than its name: .xlsx (openpyxl, streamed in
read-only mode), .xls (xlrd) and .csv (UTF-8, GB18030 or Excel's UTF-16 text; comma or tab separated).

Each sheet yields (row number, cells) from its first row on, with merged cells filled with their top-left value
(the exports merge title rows, header groups and runs of the same school). Anything unreadable raises ReadError
with the reason in Chinese, also halfway through a file (a CSV whose encoding changes on line 80,000).
"""

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import openpyxl
import xlrd

XLSX, XLS, CSV = "xlsx", "xls", "csv"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_MERGED_COLUMNS = (
    256  # a merge wider than this is clipped (a whole-row merge would otherwise fill 16,384 cells)
)
_SNIFF_BYTES = 1 << 20
# PDF, PNG, JPEG, GIF, Windows and Linux executables, gzip, RAR, 7z: refused even when they start as plain text.
_OTHER_FORMATS = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"MZ",
    b"\x7fELF",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
UNSUPPORTED = "只能导入Excel文件（.xlsx、.xls）或CSV文件（UTF-8或GB18030编码）"
# Zip bombs: an .xlsx whose parts would inflate beyond 64 MB and beyond 100 times its own size (1 GB at most) is
# refused before any part is opened; real exports inflate some 5 to 20 times. zipfile never inflates a part beyond
# the size the archive declares for it, so the declared sizes bound what openpyxl can be made to read.
XLSX_INFLATE_FLOOR, XLSX_INFLATE_RATIO, XLSX_INFLATE_MAX = 64 << 20, 100, 1 << 30

Row = tuple[int, list]


class ReadError(ValueError):
    """The file as a whole cannot be read; the message says why, in Chinese."""


@dataclass
class Sheet:
    title: str
    open_rows: Callable[[], Iterator[Row]]  # a fresh pass over the rows each call
    size_hint: int | None = None  # rows, as far as the file says

    def rows(self) -> Iterator[Row]:
        """The rows; a parser failing halfway (a damaged part of the file) becomes a ReadError."""
        number = 0
        try:
            for number, cells in self.open_rows():
                yield number, cells
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"文件内容已损坏，读到第{number + 1}行时出错（{type(exc).__name__}）") from exc


@dataclass
class Workbook:
    kind: str
    sheets: list[Sheet]
    close: Callable[[], None] = lambda: None


Source = bytes | Path


def _head(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source[:_SNIFF_BYTES]
    with open(source, "rb") as handle:
        return handle.read(_SNIFF_BYTES)


def _binary(source: Source):
    return io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")


def sniff(source: Source) -> str:
    """xlsx, xls or csv by content; ReadError for anything else (PDF, images, archives, executables)."""
    head = _head(source)
    if not head:
        raise ReadError("文件为空")
    if head.startswith(b"PK\x03\x04"):
        try:
            with _binary(source) as handle, zipfile.ZipFile(handle) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    _inflate_check(
                        archive, len(source) if isinstance(source, bytes) else Path(source).stat().st_size
                    )
                    return XLSX
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ReadError("文件已损坏，无法作为Excel文件打开") from exc
        raise ReadError(UNSUPPORTED)
    if head.startswith(OLE2):
        return XLS
    if head.startswith(_OTHER_FORMATS):
        raise ReadError(UNSUPPORTED)
    _text_encoding(head)
    return CSV


def _inflate_check(archive: zipfile.ZipFile, size: int) -> None:
    limit = min(XLSX_INFLATE_MAX, max(XLSX_INFLATE_FLOOR, XLSX_INFLATE_RATIO * size))
    if sum(member.file_size for member in archive.infolist()) > limit:
        raise ReadError(f"Excel文件解压后超过{limit / (1 << 20):.0f} MB，疑似压缩炸弹，不予导入")


def open_workbook(source: Source) -> Workbook:
    kind = sniff(source)
    try:
        if kind == XLSX:
            return _xlsx_workbook(source)
        if kind == XLS:
            return Workbook(kind, _xls_sheets(source))
    except ReadError:
        raise
    except Exception as exc:  # a damaged file trips the parsers in many ways; each means "cannot read"
        raise ReadError(f"文件已损坏或不是有效的{kind}文件（{type(exc).__name__}）") from exc
    return Workbook(kind, [_csv_sheet(source)])


# --- merged cells ------------------------------------------------------------------------------------------------


def fill_merged(rows: Iterator[Row], merges: list[tuple[int, int, int, int]]) -> Iterator[Row]:
    """Give every cell of a merged range (first row, first column, last row, last column; 1-based, inclusive)
    the value of its top-left cell, as the reader of the sheet sees it."""
    if not merges:
        yield from rows
        return
    pending = sorted(merges, reverse=True)  # pop() takes the topmost first
    active: list[list] = []
    for number, cells in rows:
        while pending and pending[-1][0] <= number:
            top, left, bottom, right = pending.pop()
            if top == number:
                value = cells[left - 1] if left - 1 < len(cells) else None
                active.append([bottom, left, min(right, left + MAX_MERGED_COLUMNS - 1), value, top])
        if active:
            active = [merge for merge in active if merge[0] >= number]
            for _bottom, left, right, value, top in active:
                if len(cells) < right:
                    cells = list(cells) + [None] * (right - len(cells))
                for index in range(left - 1, right):
                    if index != left - 1 or number != top:
                        cells[index] = value
        yield number, cells


# --- .xlsx -------------------------------------------------------------------------------------------------------

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> its part in the archive, from xl/workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 (expat refuses entity bombs)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_REL_NS) in targets:
            target = targets[sheet.get(_REL_NS)]
            path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            paths[sheet.get("name", "")] = path
    return paths


def _xlsx_merges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of one sheet part, found by scanning its XML as a stream (openpyxl's read-only mode
    does not report them, and its full mode would hold the whole sheet in memory)."""
    merges = []
    tail = b""
    try:
        with archive.open(path) as part:
            while block := part.read(1 << 20):
                data = tail + block
                for match in _MERGE.finditer(data):
                    left, top, right, bottom = match.groups()
                    merges.append((int(top), _column_number(left), int(bottom), _column_number(right)))
                cut = data.rfind(b"<")  # a range cut in two by the block boundary is found in the next pass
                tail = data[cut:] if cut >= 0 and len(data) - cut < 512 else b""
    except KeyError:
        return []
    return sorted(set(merges))


def _xlsx_workbook(source: Source) -> Workbook:
    with _binary(source) as handle, zipfile.ZipFile(handle) as archive:
        paths = _sheet_paths(archive)
        merges = {title: _xlsx_merges(archive, path) for title, path in paths.items()}
    book = openpyxl.load_workbook(_binary(source), read_only=True, data_only=True)
    sheets = []
    for worksheet in book.worksheets:
        size = worksheet.max_row if isinstance(worksheet.max_row, int) else None

        ranges = merges.get(worksheet.title, [])

        def rows(worksheet=worksheet, ranges=ranges) -> Iterator[Row]:
            worksheet.reset_dimensions()  # some writers record a wrong size; read what is there
            numbered = (
                (number, list(cells))
                for number, cells in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1)
            )
            yield from fill_merged(numbered, ranges)

        sheets.append(Sheet(worksheet.title, rows, size))
    return Workbook(XLSX, sheets, book.close)


# --- .xls --------------------------------------------------------------------------------------------------------


def _xls_value(cell, datemode: int):
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value
        return value.date() if value.time() == dt.time() else value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _xls_sheets(source: Source) -> list[Sheet]:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except NotImplementedError:  # formatting (and so the merged ranges) is not readable in every BIFF version
        book = xlrd.open_workbook(file_contents=data)
    sheets = []
    for sheet in book.sheets():
        merges = [(top + 1, left + 1, bottom, right) for top, bottom, left, right in sheet.merged_cells]

        def rows(sheet=sheet, merges=merges) -> Iterator[Row]:
            numbered = (
                (number + 1, [_xls_value(cell, book.datemode) for cell in sheet.row(number)])
                for number in range(sheet.nrows)
            )
            yield from fill_merged(numbered, merges)

        sheets.append(Sheet(sheet.name, rows, sheet.nrows))
    return sheets


# --- .csv --------------------------------------------------------------------------------------------------------


def _text_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM), Excel's "Unicode text" (UTF-16 with BOM), else GB18030; the head of the
    file decides, a later surprise is a ReadError while reading."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise ReadError(UNSUPPORTED)
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ReadError(UNSUPPORTED)


def _delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    tabs = sum(line.count("\t") for line in lines)
    commas = sum(line.count(",") for line in lines)
    return "\t" if tabs > commas else ","


def _line_count(source: Source) -> int:
    if isinstance(source, bytes):
        return source.count(b"\n") + 1
    count = 1
    with open(source, "rb") as handle:
        while block := handle.read(1 << 22):
            count += block.count(b"\n")
    return count


def _csv_sheet(source: Source) -> Sheet:
    head = _head(source)
    encoding = _text_encoding(head)
    sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head[:65536], final=False)
    delimiter = _delimiter(sample)
    shown = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "gb18030": "GB18030"}[encoding]

    def rows() -> Iterator[Row]:
        number = 0
        with _binary(source) as handle:
            stream = io.TextIOWrapper(handle, encoding=encoding, newline="")
            reader = csv.reader(stream, delimiter=delimiter)
            try:
                for number, cells in enumerate(reader, start=1):
                    yield number, cells
            except UnicodeDecodeError as exc:
                raise ReadError(f"第{number + 1}行附近的内容不是{shown}编码，文件无法读取") from exc
            except csv.Error as exc:
                raise ReadError(f"第{number + 1}行不是有效的CSV内容（{exc}）") from exc

    return Sheet("CSV", rows, _line_count(source))
