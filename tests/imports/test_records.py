"""The record groups of the teacher export (教育教学, 国内培训, 教师资格, 年度考核): imported with their teacher,
replaced per teacher where they differ, left alone where they do not."""

import datetime as dt
from decimal import Decimal

from jianfu.imports.models import AppraisalRecord, QualificationRecord, TeachingRecord, TrainingRecord
from jianfu.imports.pipeline import RowError
from jianfu.registry.models import Teacher
from tests.imports.conftest import CODE_A, import_file
from tests.imports.files import table, teacher_row, xlsx_bytes

WANG = teacher_row(CODE_A, name="王芳", birth=dt.date(1986, 4, 12))
LI = teacher_row(CODE_A, name="李强", male=True, birth=dt.date(1979, 1, 5))


def _appraisals(*rows) -> list[list]:
    return [["姓名", "身份证件号", "考核年度", "考核结果", "考核单位名称"], *rows]


def _workbook(appraisals: list[list], **extra) -> bytes:
    return xlsx_bytes({"基本信息": table([WANG, LI]), "年度考核": appraisals, **extra})


def test_every_record_group_is_imported_with_its_teacher(schools):
    data = _workbook(
        _appraisals(["王芳", WANG["身份证件号"], "2023年度", "优秀", "固阳县第一小学"]),
        教育教学=[["姓名", "身份证件号", "学年", "学期", "任教课程", "平均每周课堂教学课时数"],
                  ["王芳", WANG["身份证件号"], "2023—2024学年", "第一学期", "语文", "12"]],
        国内培训=[["姓名", "身份证件号", "培训年度", "培训类别", "培训项目名称", "培训获得学时"],
                  ["王芳", WANG["身份证件号"], "2023", "国培", "乡村教师能力提升", "72"]],
        教师资格=[["姓名", "身份证件号", "教师资格种类", "教师资格证号码", "证书颁发日期"],
                  ["王芳", WANG["身份证件号"], "小学", "20081500122000123", "2008.07.01"]],
    )  # fmt: skip

    outcome = import_file(data, name="教师.xlsx")

    wang = Teacher.objects.get(name="王芳")
    assert outcome.status == "done"
    assert list(AppraisalRecord.objects.values_list("teacher", "year", "result", "unit")) == [
        (wang.pk, 2023, "excellent", "固阳县第一小学")
    ]
    assert list(TeachingRecord.objects.values_list("school_year", "term", "course", "weekly_lessons")) == [
        ("2023-2024", "1", "语文", Decimal("12.0"))
    ]
    assert list(TrainingRecord.objects.values_list("year", "level", "project", "hours")) == [
        (2023, "national", "乡村教师能力提升", Decimal("72.0"))
    ]
    assert list(QualificationRecord.objects.values_list("kind", "number", "issued_on")) == [
        ("小学教师资格", "20081500122000123", dt.date(2008, 7, 1))
    ]


def test_importing_the_same_records_again_changes_nothing(schools):
    data = _workbook(_appraisals(["王芳", WANG["身份证件号"], "2023", "合格", ""]))
    import_file(data, name="教师.xlsx")
    before = list(AppraisalRecord.objects.values_list())

    outcome = import_file(data, name="教师.xlsx")

    assert outcome.records["年度考核"] == {"rows": 1, "teachers": 0, "written": 0}
    assert list(AppraisalRecord.objects.values_list()) == before


def test_a_changed_group_is_replaced_for_that_teacher_only(schools):
    import_file(
        _workbook(
            _appraisals(
                ["王芳", WANG["身份证件号"], "2023", "合格", ""],
                ["李强", LI["身份证件号"], "2023", "合格", ""],
            )
        ),
        name="教师.xlsx",
    )
    li_before = list(AppraisalRecord.objects.filter(teacher__name="李强").values_list())

    outcome = import_file(
        _workbook(
            _appraisals(
                ["王芳", WANG["身份证件号"], "2023", "优秀", ""],
                ["李强", LI["身份证件号"], "2023", "合格", ""],
            )
        ),
        name="教师.xlsx",
    )

    assert outcome.records["年度考核"] == {"rows": 2, "teachers": 1, "written": 1}
    assert AppraisalRecord.objects.get(teacher__name="王芳").result == "excellent"
    assert list(AppraisalRecord.objects.filter(teacher__name="李强").values_list()) == li_before


def test_a_teacher_without_rows_in_the_group_loses_the_records_held(schools):
    import_file(_workbook(_appraisals(["李强", LI["身份证件号"], "2022", "合格", ""])), name="教师.xlsx")

    import_file(_workbook(_appraisals(["王芳", WANG["身份证件号"], "2023", "优秀", ""])), name="教师.xlsx")

    assert list(AppraisalRecord.objects.values_list("teacher__name", "year")) == [("王芳", 2023)]


def test_a_record_of_someone_not_in_the_basic_table_is_reported(schools):
    stranger = teacher_row(CODE_A, name="赵敏")

    outcome = import_file(
        _workbook(_appraisals(["赵敏", stranger["身份证件号"], "2023", "合格", ""])), name="教师.xlsx"
    )

    masked = stranger["身份证件号"][:3] + "*" * 11 + stranger["身份证件号"][-4:]
    assert outcome.errors == [RowError("年度考核", 2, "身份证件号", masked, "该身份证件号不在“基本信息”表中")]


def test_a_record_whose_name_differs_from_the_basic_table_is_reported(schools):
    outcome = import_file(
        _workbook(_appraisals(["王方", WANG["身份证件号"], "2023", "合格", ""])), name="教师.xlsx"
    )

    assert outcome.errors == [RowError("年度考核", 2, "姓名", "王方", "与“基本信息”表中的姓名“王芳”不一致")]


def test_two_appraisals_of_one_teacher_in_one_year_are_reported(schools):
    data = _workbook(
        _appraisals(
            ["王芳", WANG["身份证件号"], "2023", "合格", ""],
            ["王芳", WANG["身份证件号"], "2023年", "优秀", ""],
        )
    )

    outcome = import_file(data, name="教师.xlsx")

    assert outcome.errors == [
        RowError("年度考核", 3, "考核年度", "2023", "与第2行重复（同一教师同一考核年度）")
    ]


def test_a_bad_record_row_means_nothing_is_written(schools):
    outcome = import_file(
        _workbook(_appraisals(["王芳", WANG["身份证件号"], "2023", "很好", ""])), name="教师.xlsx"
    )

    assert (outcome.status, Teacher.objects.count(), AppraisalRecord.objects.count()) == ("rejected", 0, 0)
