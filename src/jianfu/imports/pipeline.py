"""One pass over an import file: find its tables, check every row, resolve the checked rows against the database
and (when asked) write them, chunk by chunk, inside the caller's transaction.

On PostgreSQL, reading and checking run in a helper thread that never touches the database, a few chunks ahead of
the caller's thread, which resolves and writes: while the server works on one chunk, the next is checked. Chunks
are small (CHUNK_ROWS) so that the server starts early and has little left to do once the last row is checked.
Memory stays bounded by the chunks in flight, one small key per row of the file (duplicates inside it) and 8
bytes per person the registry already holds (writers.PeopleWriter._held).
"""

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from django.db import connection

from jianfu.imports import readers
from jianfu.imports.columns import (
    HEADER_SEARCH_ROWS,
    HeaderMatch,
    Plan,
    Problem,
    Spec,
    find_header,
    missing_headers,
)
from jianfu.imports.people import ID_NUMBER, PeopleTable, Target
from jianfu.imports.records import GROUPS, RecordTable
from jianfu.imports.students import STUDENT, StudentTable
from jianfu.imports.teachers import BASIC, TeacherTable
from jianfu.imports.writers import PeopleWriter, Resolution, records_replace
from jianfu.registry.models import Student, Teacher

CHUNK_ROWS = 2_500
SEAL_ROWS = 500
MAX_ERRORS_KEPT = 100_000
TEACHERS, STUDENTS = "teachers", "students"


class RowError(NamedTuple):
    sheet: str
    row: int
    column: str
    value: str
    reason: str


@dataclass
class Outcome:
    kind: str
    status: str = "done"  # done | rejected | failed
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    records: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    message: str = ""
    notes: list[str] = field(default_factory=list)

    def add(self, sheet: str, row: int, problems: list[Problem]) -> None:
        for problem in problems:
            self.error_count += 1
            if len(self.errors) < MAX_ERRORS_KEPT:
                self.errors.append(RowError(sheet, row, problem.column, problem.value, problem.reason))

    def counts(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.error_count,
            "records": self.records,
        }


class FileProblem(ValueError):
    """The file as a whole cannot be imported (no table found, a column missing); Chinese message."""


_KINDS: dict[str, tuple[Spec, type[PeopleTable], Any, tuple]] = {
    TEACHERS: (BASIC, TeacherTable, Teacher, GROUPS),
    STUDENTS: (STUDENT, StudentTable, Student, ()),
}
_OTHER = {
    TEACHERS: (STUDENT, "这是学生名单，请用“导入学生”导入"),
    STUDENTS: (BASIC, "这是教师名单，请用“导入教师”导入"),
}


@dataclass
class _Table:
    sheet: readers.Sheet
    match: HeaderMatch


def _head(sheet: readers.Sheet) -> list[list]:
    rows = []
    iterator = sheet.rows()
    try:
        for _number, cells in iterator:
            rows.append(cells)
            if len(rows) >= HEADER_SEARCH_ROWS:
                break
    finally:
        iterator.close()
    return rows


def _layout(
    workbook: readers.Workbook, kind: str, notes: list[str]
) -> tuple[_Table, list[tuple[Any, _Table]]]:
    main_spec, _table_class, _model, groups = _KINDS[kind]
    other_spec, other_message = _OTHER[kind]
    specs = [main_spec, *(group.spec for group in groups), other_spec]
    main: list[_Table] = []
    records: dict[str, tuple[Any, _Table]] = {}
    for sheet in workbook.sheets:
        match = find_header(_head(sheet), specs, sheet_title=sheet.title)
        if match is None:
            if len(workbook.sheets) > 1:
                notes.append(f"工作表“{sheet.title}”中没有可识别的表头，已忽略")
            continue
        if match.spec is other_spec:
            raise FileProblem(other_message)
        if match.spec is main_spec:
            main.append(_Table(sheet, match))
            continue
        group = next(group for group in groups if group.spec is match.spec)
        if group.spec.name in records:
            raise FileProblem(
                f"文件中有两个“{group.spec.name}”表（工作表“{records[group.spec.name][1].sheet.title}”和“{sheet.title}”）"
            )
        records[group.spec.name] = (group, _Table(sheet, match))
    if not main:
        raise FileProblem(f"文件中没有找到{main_spec.name}表：表头中至少应有“姓名”和“身份证件号”两列")
    if len(main) > 1:
        titles = "”“".join(table.sheet.title for table in main)
        raise FileProblem(f"文件中有多个{main_spec.name}表（工作表“{titles}”），请每次导入一个")
    return main[0], list(records.values())


def _data_rows(table: _Table, plan: Plan) -> Iterator[tuple[int, list]]:
    """The rows below the header, without blank ones and repeated headers."""
    is_blank, repeats_header = plan.is_blank, plan.repeats_header
    for number, cells in islice(table.sheet.rows(), table.match.row_index + 1, None):
        if not (is_blank(cells) or repeats_header(cells)):
            yield number, cells


@dataclass
class _Chunk:
    people: list
    problems: list[tuple[int, list[Problem]]]
    rows: int


def _checked(
    people: PeopleTable, rows: Iterator[tuple[int, list]], lay_out: Callable[[dict], tuple]
) -> Iterator[_Chunk]:
    """The rows checked, a chunk at a time; the good ones sealed a few hundred at a time, so that none of their
    objects lives long enough for the garbage collector to take it for a long-lived one."""
    sealed, pending, problems, count, in_chunk = [], [], [], 0, 0
    check, seal = people.check, people.seal
    size = SEAL_ROWS  # the first chunk is small: the database starts on it while the next ones are checked
    for number, cells in rows:
        count += 1
        in_chunk += 1
        person, found = check(number, cells)
        if found:
            problems.append((number, found))
        else:
            pending.append(person)
            if len(pending) >= SEAL_ROWS:
                sealed += seal(pending, lay_out=lay_out)
                pending = []
        if in_chunk >= size:
            sealed += seal(pending, lay_out=lay_out)
            yield _Chunk(sealed, problems, count)
            sealed, pending, problems, in_chunk, size = [], [], [], 0, CHUNK_ROWS
    sealed += seal(pending, lay_out=lay_out)
    yield _Chunk(sealed, problems, count)


def _ahead(items: Iterator, depth: int = 3) -> Iterator:
    """`items` produced in a helper thread, at most `depth` ahead; its exceptions re-raised here."""
    channel: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(message) -> bool:
        while not stop.is_set():
            try:
                channel.put(message, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(("item", item)):
                    return
            put(("end", None))
        except BaseException as exc:  # handed over to the consuming thread, which raises it
            put(("error", exc))

    worker = threading.Thread(target=produce, name="jianfu-import-check", daemon=True)
    worker.start()
    try:
        while True:
            kind, item = channel.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _resolve(
    chunk: _Chunk, writer: PeopleWriter, people: PeopleTable, outcome: Outcome, *, sheet: str
) -> Resolution:
    """A chunk counted into the outcome: its bad rows, and its good ones as new, changed, unchanged or turned
    down (held by a school outside the importer's)."""
    for number, problems in chunk.problems:
        outcome.add(sheet, number, problems)
    outcome.skipped += len(chunk.problems)
    resolution = writer.resolve(chunk.people)
    for row, key, masked in resolution.refused:
        people.forget(key)
        outcome.skipped += 1
        outcome.add(
            sheet,
            row,
            [
                Problem(
                    ID_NUMBER.header, masked, "该身份证件号已登记在您管理范围以外的学校，不能由本次导入修改"
                )
            ],
        )
    outcome.created += len(resolution.inserts)
    outcome.updated += len(resolution.updates)
    outcome.unchanged += resolution.unchanged
    return resolution


Progress = Callable[[int, int], None]


def run(
    *,
    source: readers.Source,
    kind: str,
    target: Target,
    write: bool,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Check (and with `write`, write) one file. File-level problems raise readers.ReadError or FileProblem;
    row-level ones are in the outcome. Writes stop at the first bad row unless `skip_bad_rows` (the caller rolls
    the transaction back anyway); checking goes on to the end so that every bad row is reported. `progress` runs
    between chunks, on a writing pass while a COPY may be in progress: it must not use the database then."""
    outcome = Outcome(kind)
    workbook = readers.open_workbook(source)
    try:
        main, record_tables = _layout(workbook, kind, outcome.notes)
        _spec, table_class, model, _groups = _KINDS[kind]
        plan = Plan(main.match)
        people = table_class(plan, target, keep_names=bool(record_tables))
        missing = missing_headers(plan.spec, plan.present) + people.missing_columns()
        if missing:
            raise FileProblem(f"{plan.spec.name}表缺少“{'”“'.join(missing)}”列")
        sheet = main.sheet.title
        total = max(main.sheet.size_hint or 0, 1)
        with PeopleWriter(model, plan.present, target) as writer:
            writer.prepare(write=write)
            checked = _checked(people, _data_rows(main, plan), writer.lay_out)
            # A helper thread pays off when the database works in its own process; SQLite works in this one, and
            # its statements would wait for the GIL behind the checking thread.
            chunks = _ahead(checked) if connection.vendor == "postgresql" else checked
            try:
                for chunk in chunks:
                    resolution = _resolve(chunk, writer, people, outcome, sheet=sheet)
                    if write and (skip_bad_rows or not outcome.error_count):
                        writer.write(resolution)
                    outcome.rows = chunk.rows
                    if progress is not None:
                        progress(chunk.rows, max(total, chunk.rows))
            finally:
                chunks.close()
            if write and (skip_bad_rows or not outcome.error_count):
                writer.finish()
        for group, table in record_tables:
            _records(group, table, people, outcome, write=write, skip_bad_rows=skip_bad_rows)
    finally:
        workbook.close()
    outcome.errors.sort(key=lambda error: (error.sheet != sheet, error.sheet, error.row))
    if outcome.error_count and not skip_bad_rows:
        outcome.status = "rejected"
    return outcome


def _records(
    group, table: _Table, people: PeopleTable, outcome: Outcome, *, write: bool, skip_bad_rows: bool
):
    plan = Plan(table.match)
    missing = missing_headers(plan.spec, plan.present)
    if missing:
        raise FileProblem(f"{plan.spec.name}表缺少“{'”“'.join(missing)}”列")
    records = RecordTable(group, plan, people)
    count = 0
    for number, cells in _data_rows(table, plan):
        count += 1
        problems = records.check(number, cells)
        if problems:
            outcome.add(table.sheet.title, number, problems)
    summary = {"rows": count, "teachers": 0, "written": 0}
    if write and (skip_bad_rows or not outcome.error_count):
        lookups = [lookup for _name, lookup in people.names.values()]
        summary["teachers"], summary["written"] = records_replace(group.model, records.rows, lookups)
    outcome.records[group.spec.name] = summary
