"""`jianfu import-teachers` and `jianfu import-students`: every bad row printed, exit status 2, nothing written."""

from django.core.management import call_command
from django.core.management.base import CommandError

from jianfu.registry.models import Student, Teacher
from tests.imports.conftest import CODE_A, CODE_B
from tests.imports.files import STUDENT_HEADERS, csv_bytes, student_row, table, teacher_row


def _exit_status(*args, **options) -> tuple[int, str]:
    """The command's exit status (what `jianfu` exits with: CommandError.returncode) and its error message."""
    try:
        call_command(*args, **options)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, ""


def test_a_file_with_bad_rows_exits_with_status_2_and_writes_nothing(schools, tmp_path, capsys):
    path = tmp_path / "教师.csv"
    path.write_bytes(
        csv_bytes(table([teacher_row(CODE_A), teacher_row(CODE_A, name="李强", male=True, 性别="男性别")]))
    )

    status, _message = _exit_status("import-teachers", str(path))

    assert (status, Teacher.objects.count()) == (2, 0)
    assert capsys.readouterr().out.splitlines() == ["CSV 第3行 性别“男性别”：无法识别的性别“男性别”"]


def test_the_reason_for_exit_status_2_is_given(schools, tmp_path):
    path = tmp_path / "教师.csv"
    path.write_bytes(csv_bytes(table([teacher_row(CODE_A, 民族="火星族")])))

    assert _exit_status("import-teachers", str(path)) == (2, "共 1 行，发现 1 处错误，未导入任何数据")


def test_a_good_file_is_imported_and_summarised(schools, tmp_path, capsys):
    path = tmp_path / "教师.csv"
    path.write_bytes(csv_bytes(table([teacher_row(CODE_A), teacher_row(CODE_B, name="李强", male=True)])))

    call_command("import-teachers", str(path))

    assert Teacher.objects.count() == 2
    assert capsys.readouterr().out.strip() == "已导入教师：共 2 行，新增 2 人，更新 0 人，0 人没有变化"


def test_students_without_a_school_column_go_to_the_school_named_on_the_command_line(schools, tmp_path):
    path = tmp_path / "学籍.csv"
    headers = [header for header in STUDENT_HEADERS if header != "学校标识码"]
    path.write_bytes(csv_bytes(table([student_row("")], headers)))

    call_command("import-students", str(path), school=CODE_B)

    assert Student.objects.get().school.code == CODE_B


def test_an_unreadable_file_exits_with_status_2(schools, tmp_path):
    path = tmp_path / "教师.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")

    assert _exit_status("import-teachers", str(path)) == (
        2,
        "无法导入，未导入任何数据：只能导入Excel文件（.xlsx、.xls）或CSV文件（UTF-8或GB18030编码）",
    )
