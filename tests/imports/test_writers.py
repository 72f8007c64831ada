"""The write path of an import: COPY on PostgreSQL (one prepared INSERT on SQLite) stores exactly what the ORM would,
a key taken meanwhile fails the import as a conflict, a file of many chunks is written whole or not at all."""

import datetime as dt
import gc

import pytest
from django.db import connection, transaction

from jianfu.audit.models import AuditEvent
from jianfu.imports import pipeline, readers, services, writers
from jianfu.imports.columns import Plan
from jianfu.imports.people import Target
from jianfu.imports.pipeline import RowError
from jianfu.imports.teachers import TeacherTable
from jianfu.registry.models import Teacher
from jianfu.registry.protection import reveal
from tests.factories import TeacherFactory
from tests.imports.conftest import CODE_A, CODE_B, import_file
from tests.imports.files import csv_bytes, table, teacher_row

CONFLICT = "导入时与同时进行的另一项修改冲突，未导入任何数据，请重试"

# Every kind of value the bulk path has to carry: backslashes (COPY's escape character), empty dates (NULL), a
# true boolean, a middle dot, and a passport holder whose key is not a number.
ROWS = [
    teacher_row(CODE_A, name="王芳", 教职工号="A\\01", 任教学科="语文\\数学", 是否县级以上骨干教师="是"),
    teacher_row(CODE_B, name="阿依·买买提", male=True, 参加工作年月="", 进本校年月="", 任教学科=""),
    teacher_row(
        CODE_A,
        name="JohnSmith",
        male=True,
        身份证件类型="护照",
        身份证件号="E12345678",
        出生日期="1980-01-31",
    ),
]


def _sealed(data: bytes) -> tuple[writers.PeopleWriter, list]:
    """The rows of a teacher file checked and sealed as the import does, and the writer that would store them."""
    workbook = readers.open_workbook(data)
    main, _records = pipeline._layout(workbook, pipeline.TEACHERS, [])
    plan = Plan(main.match)
    target = services.import_target(actor=None)
    writer = writers.PeopleWriter(Teacher, plan.present, target)
    chunks = pipeline._checked(TeacherTable(plan, target), pipeline._data_rows(main, plan), writer.lay_out)
    return writer, [person for chunk in chunks for person in chunk.people]


def _stored() -> list[tuple]:
    fields = [f.attname for f in Teacher._meta.concrete_fields if not f.primary_key]
    return sorted(Teacher.objects.values_list(*fields))


def test_the_bulk_path_stores_exactly_what_bulk_create_would(schools):
    writer, people = _sealed(csv_bytes(table(ROWS)))
    with transaction.atomic(), writer:
        writer.write(writer.resolve(people))  # COPY on PostgreSQL, executemany on SQLite
        writer.finish()
    written = _stored()
    Teacher.objects.all().delete()

    Teacher.objects.bulk_create(
        Teacher(**dict(zip(writer.insert_names, person[2:], strict=True))) for person in people
    )

    assert len(written) == 3
    assert written == _stored()


def test_a_sealed_row_is_left_alone_by_the_garbage_collector(schools):
    """A chunk's rows live until it is written; as tuples of plain values the collector stops walking them."""
    _writer, people = _sealed(csv_bytes(table(ROWS)))

    gc.collect()

    assert len(people) == 3
    assert not any(gc.is_tracked(person) for person in people)


def test_a_teacher_registered_meanwhile_fails_the_import_as_a_conflict(schools, monkeypatch):
    """The registry's hashes are read once: a teacher another transaction adds after that collides on the unique
    key in the bulk write itself (COPY included), and nothing is written."""
    existing = TeacherFactory(school=schools[CODE_A], name="王芳")
    monkeypatch.setattr(writers.PeopleWriter, "_held", lambda self: set())
    rows = [
        teacher_row(CODE_B, name="李强", male=True),
        teacher_row(
            CODE_A, name="王芳", birth=existing.birth_date, male=True, 身份证件号=reveal(existing.id_cipher)
        ),
    ]

    outcome = import_file(csv_bytes(table(rows)))

    assert (outcome.status, outcome.message) == ("failed", CONFLICT)
    assert list(Teacher.objects.values_list("pk", flat=True)) == [existing.pk]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite checks deferred keys at the final commit"
)
def test_on_postgresql_a_school_gone_meanwhile_fails_the_import_at_its_chunk(schools):
    """The foreign keys are checked as each COPY ends, not left to the commit (ADR 0006)."""
    target = Target({CODE_A: 2**40}, {CODE_A: "固阳县第一小学"})

    outcome = services.people_import(
        actor=None,
        kind=pipeline.TEACHERS,
        source=csv_bytes(table([teacher_row(CODE_A)])),
        file_name="名单.csv",
        target=target,
    )

    assert (outcome.status, outcome.message) == ("failed", CONFLICT)
    assert not Teacher.objects.exists()


def test_a_file_longer_than_a_chunk_is_written_whole_and_again_changes_nothing(schools, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 3)
    monkeypatch.setattr(pipeline, "SEAL_ROWS", 2)
    names = [f"教师{mark}" for mark in "甲乙丙丁戊己庚辛壬癸"]
    rows = [
        teacher_row(CODE_A if n % 2 else CODE_B, name=name, male=n % 3 == 0) for n, name in enumerate(names)
    ]
    rows[4]["民族"] = "火星族"
    data = csv_bytes(table(rows))

    outcome = import_file(data, skip_bad_rows=True)
    again = import_file(data, skip_bad_rows=True)

    assert (outcome.status, outcome.rows, outcome.created, outcome.skipped) == ("done", 10, 9, 1)
    assert outcome.errors == [RowError("CSV", 6, "民族", "火星族", "无法识别的民族“火星族”")]
    assert sorted(Teacher.objects.values_list("name", flat=True)) == sorted(names[:4] + names[5:])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)


def _small_chunks(monkeypatch) -> None:
    """Chunks of two rows (the first one too), so that a few rows make several chunks."""
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 2)
    monkeypatch.setattr(pipeline, "SEAL_ROWS", 2)  # also the size of the first chunk


def _many(count: int) -> list[dict]:
    return [
        teacher_row(
            CODE_A if n % 2 else CODE_B,
            name="教师" + "甲乙丙丁戊己庚辛壬癸"[n],
            birth=dt.date(1980, 1, 1) + dt.timedelta(days=n),
        )
        for n in range(count)
    ]


def test_new_rows_among_registered_ones_are_all_written(schools, monkeypatch):
    """Lookups between chunks end the COPY in progress; the new rows after them wait for a statement of their own."""
    _small_chunks(monkeypatch)
    monkeypatch.setattr(writers, "COPY_ROWS", 4)
    rows = _many(9)
    import_file(csv_bytes(table([rows[0], rows[1], rows[5]])))  # 教师甲, 教师乙 and 教师己 registered first
    rows[1]["现任专业技术职务"] = "高级教师"

    outcome = import_file(csv_bytes(table(rows)))

    assert (outcome.created, outcome.updated, outcome.unchanged) == (6, 1, 2)
    assert Teacher.objects.count() == 9
    assert Teacher.objects.get(name="教师乙").professional_title == "高级教师"
    assert import_file(csv_bytes(table(rows))).unchanged == 9


def test_a_bad_row_after_chunks_already_sent_writes_nothing(schools, monkeypatch):
    _small_chunks(monkeypatch)
    rows = _many(7)
    rows[6]["民族"] = "火星族"

    outcome = import_file(csv_bytes(table(rows)))

    assert (outcome.status, outcome.error_count) == ("rejected", 1)
    assert not Teacher.objects.exists()
    assert not AuditEvent.objects.filter(action="teacher.import").exists()


def test_a_failure_halfway_abandons_the_copy_and_leaves_the_connection_usable(schools, monkeypatch):
    _small_chunks(monkeypatch)
    checks = TeacherTable.extra_checks

    def failing(self, values, problems):
        if values["name"] == "教师庚":
            raise RuntimeError("a bug halfway through the file")
        checks(self, values, problems)

    monkeypatch.setattr(TeacherTable, "extra_checks", failing)

    with pytest.raises(RuntimeError):
        import_file(csv_bytes(table(_many(8))))

    assert not Teacher.objects.exists()
