"""The student import from the national student registry (学籍), with the guarantees of the teacher import."""

import datetime as dt

from jianfu.imports.pipeline import RowError
from jianfu.registry.models import Student
from tests.imports.conftest import CODE_A, import_file
from tests.imports.files import csv_bytes, student_row, table, xlsx_bytes


def test_a_registry_export_creates_each_student_with_the_registry_values(schools):
    row = student_row(CODE_A, name="李明", 年级="初一", 班级="（3）班", 入学年月="2025.09", 学籍状态="在读")

    outcome = import_file(csv_bytes(table([row])), kind="students")

    student = Student.objects.get()
    assert (outcome.status, outcome.created) == ("done", 1)
    assert (student.school.code, student.name, student.gender, student.birth_date, student.grade, student.class_name,
            student.enrolled_on, student.status) == (
        CODE_A, "李明", "1", dt.date(2016, 5, 2), "七年级", "3班", dt.date(2025, 9, 1), "enrolled",
    )  # fmt: skip


def test_importing_the_same_student_file_again_changes_nothing(schools):
    data = xlsx_bytes(
        {"学生信息": [["2025学年学籍名单"], *table([student_row(CODE_A), student_row(CODE_A, name="张伟")])]}
    )
    import_file(data, kind="students", name="学籍.xlsx")
    before = list(Student.objects.order_by("pk").values_list())

    outcome = import_file(data, kind="students", name="学籍.xlsx")

    assert (outcome.unchanged, list(Student.objects.order_by("pk").values_list())) == (2, before)


def test_a_registry_number_that_is_not_g_plus_the_id_number_is_reported(schools):
    other = student_row(CODE_A)
    row = student_row(CODE_A, 全国学籍号="G" + other["身份证件号"])

    outcome = import_file(csv_bytes(table([row])), kind="students")

    shown = "G15" + "*" * 12 + other["身份证件号"][-4:]
    assert outcome.errors == [
        RowError("CSV", 2, "全国学籍号", shown, "与身份证件号不一致（应为G加身份证件号）")
    ]


def test_a_student_file_with_a_bad_row_writes_nothing(schools):
    rows = [student_row(CODE_A), student_row(CODE_A, name="张伟", 年级="十三年级")]

    outcome = import_file(csv_bytes(table(rows)), kind="students")

    assert (outcome.status, outcome.errors, Student.objects.count()) == (
        "rejected",
        [RowError("CSV", 3, "年级", "十三年级", "无法识别的年级“十三年级”")],
        0,
    )


def test_a_teacher_list_given_to_the_student_import_is_refused(schools):
    from tests.imports.files import teacher_row

    outcome = import_file(csv_bytes(table([teacher_row(CODE_A)])), kind="students")

    assert (outcome.status, outcome.message) == ("failed", "这是教师名单，请用“导入教师”导入")
