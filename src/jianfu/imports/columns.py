"""Column specifications: the Chinese headers a table of a national export carries, how each cell is checked, and
the search for the header row below whatever title rows sit above it.

A Spec lists its columns; `find_header` picks, among the first rows of a sheet, the row and Spec whose headers match
best; a Plan then reads each data row into {key: value} plus the problems found, remembering the outcome for each
distinct raw text of the columns that hold few distinct values (codes, dates), which is most of the work saved.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jianfu.imports.normalize import Invalid, text

HEADER_SEARCH_ROWS = 30
_CACHE_LIMIT = 50_000


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()  # a blank cell is an error


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Callable[[Any], Any]
    aliases: tuple[str, ...] = ()
    required: bool = False  # the header must be in the table
    blank: Any = REQUIRED  # the value of a blank cell, or REQUIRED
    cached: bool = True  # few distinct values: remember the outcome per raw text


@dataclass(frozen=True)
class Spec:
    name: str  # 基本信息, 年度考核 ...
    columns: tuple[Column, ...]
    sheet_names: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def headers(self) -> dict[str, Column]:
        found = {}
        for column in self.columns:
            for name in (column.header, *column.aliases):
                found[header_key(name)] = column
        return found


@dataclass(frozen=True)
class Problem:
    """One bad cell: the column's header, the value as shown to the user, and the reason."""

    column: str
    value: str
    reason: str


_NOTE = re.compile(r"[(\[【<《][^()\[\]【】<>《》]*[)\]】>》]$")
_MARKS = str.maketrans("", "", "*★☆※:：'\"")


def header_key(raw) -> str:
    """A header as compared: no spaces or line breaks, no required-field stars, no trailing note in brackets
    ("*身份证件号（必填）" is 身份证件号)."""
    value = "".join(text(raw).split()).translate(_MARKS)
    while True:
        stripped = _NOTE.sub("", value)
        if stripped == value or not stripped:
            return value
        value = stripped


@dataclass(frozen=True)
class HeaderMatch:
    row_index: int  # 0-based position in the rows searched
    spec: Spec
    positions: dict[str, int]  # column key -> 0-based cell index
    headers: dict[str, str]  # column key -> the header as written in the file


def _match_row(cells: Sequence, headers: Mapping[str, Column]) -> tuple[dict[str, int], dict[str, str]]:
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    for index, cell in enumerate(cells):
        if cell is None or cell == "":
            continue
        column = headers.get(header_key(cell))
        if column is not None and column.key not in positions:
            positions[column.key] = index
            written[column.key] = text(cell)
    return positions, written


def find_header(
    rows: Sequence[Sequence], specs: Iterable[Spec], *, sheet_title: str = ""
) -> HeaderMatch | None:
    """The best (row, spec) among `rows`: most matched headers, every required header present; the sheet's
    title breaks ties (a sheet named 年度考核 is the 年度考核 table)."""
    best: tuple[tuple[int, int, int], HeaderMatch] | None = None
    title = header_key(sheet_title)
    for spec in specs:
        headers = spec.headers()
        named = int(any(header_key(name) == title for name in spec.sheet_names))
        for row_index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
            positions, written = _match_row(cells, headers)
            if len(positions) < 2 or any(c.required and c.key not in positions for c in spec.columns):
                continue
            score = (len(positions), named, -row_index)
            if best is None or score > best[0]:
                best = (score, HeaderMatch(row_index, spec, positions, written))
    return best[1] if best is not None else None


def missing_headers(spec: Spec, positions: Mapping[str, int]) -> list[str]:
    return [column.header for column in spec.columns if column.required and column.key not in positions]


_BLANK_CHARS = " \t\r\n\u3000\xa0\u200b\ufeff"
_MISS = object()
_NOTHING: dict = {}  # never written to


class Plan:
    """Reads the data rows of one table: the matched columns, each with its parser and its memo of outcomes."""

    def __init__(self, match: HeaderMatch):
        self.spec = match.spec
        self.headers = match.headers
        self.items = [
            (match.positions[column.key], column.key, column, {} if column.cached else None)
            for column in match.spec.columns
            if column.key in match.positions
        ]
        self.present = frozenset(match.positions)
        self._width = max(match.positions.values()) + 1
        # What read() runs per cell: the memo's get (an always empty dict's for the columns not remembered).
        self._reads = [
            (index, key, column, (memo if memo is not None else _NOTHING).get, memo)
            for index, key, column, memo in self.items
        ]

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.spec.column(key).header

    @staticmethod
    def _evaluate(column: Column, raw) -> Any:
        if raw is None or (raw.__class__ is str and not raw.strip(_BLANK_CHARS)):
            if column.blank is REQUIRED:
                return Problem(column.header, "", "不能为空")
            return column.blank
        try:
            return column.parse(raw)
        except Invalid as exc:
            return Problem(column.header, text(raw)[:100], str(exc))

    def read(self, cells: Sequence) -> tuple[dict[str, Any], list[Problem]]:
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        if len(cells) < self._width:
            cells = [*cells, *[None] * (self._width - len(cells))]
        for index, key, column, remembered, memo in self._reads:
            raw = cells[index]
            outcome = remembered(raw, _MISS)
            if outcome is _MISS:
                outcome = self._evaluate(column, raw)
                if memo is not None and raw.__class__ is str and len(memo) < _CACHE_LIMIT:
                    memo[raw] = outcome
            if outcome.__class__ is Problem:
                problems.append(outcome)
            else:
                values[key] = outcome
        return values, problems

    def is_blank(self, cells: Sequence) -> bool:
        """No matched column holds anything (rows of notes or totals beside the table count as blank)."""
        width = len(cells)
        for index, _key, _column, _memo in self.items:
            if index < width:
                raw = cells[index]
                if raw is not None and (raw.__class__ is not str or raw.strip(_BLANK_CHARS)):
                    return False
        return True

    def repeats_header(self, cells: Sequence) -> bool:
        """A header row repeated inside the data (exports glued together): its first matched cell reads exactly
        as the header does."""
        index, key, _column, _memo = self.items[0]
        return index < len(cells) and cells[index] == self.headers.get(key)
