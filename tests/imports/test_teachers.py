"""The teacher import: every row checked, upsert by ID number, nothing written when a row is bad, messy files read."""

import datetime as dt

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.imports.pipeline import RowError
from jianfu.registry.models import Teacher
from jianfu.registry.protection import lookup_hash, reveal
from tests.factories import TeacherFactory, synthetic_id_number, user_with_role
from tests.imports.conftest import CODE_A, CODE_B, CODE_OTHER_COUNTY, import_file
from tests.imports.files import (
    TEACHER_HEADERS,
    csv_bytes,
    student_row,
    table,
    teacher_row,
    xls_bytes,
    xlsx_bytes,
)


def _snapshot() -> list[tuple]:
    return list(Teacher.objects.order_by("pk").values_list())


def test_a_valid_file_creates_each_teacher_with_the_registry_values(schools):
    row = teacher_row(CODE_A, name="王芳", 政治面貌="01", 最高学历="大学本科", 是否县级以上骨干教师="是")

    outcome = import_file(csv_bytes(table([row])))

    teacher = Teacher.objects.get()
    assert (outcome.status, outcome.created) == ("done", 1)
    assert (
        teacher.school.code, teacher.name, teacher.gender, teacher.staff_no, teacher.birth_date, teacher.ethnicity,
        teacher.political_status, teacher.work_started_on, teacher.joined_school_on, teacher.highest_education,
        teacher.post_category, teacher.professional_title, teacher.is_backbone, teacher.status,
    ) == (
        CODE_A, "王芳", "2", "0012", dt.date(1986, 4, 12), "汉族", "中共党员", dt.date(2008, 9, 1),
        dt.date(2015, 9, 1), "本科", "专业技术岗位", "一级教师", True, "active",
    )  # fmt: skip


def test_the_id_number_is_stored_encrypted_hashed_and_masked(schools):
    row = teacher_row(CODE_A)

    import_file(csv_bytes(table([row])))

    teacher = Teacher.objects.get()
    number = row["身份证件号"]
    assert (reveal(teacher.id_cipher), teacher.id_lookup, teacher.id_masked) == (
        number,
        lookup_hash(number),
        number[:3] + "*" * 11 + number[-4:],
    )


def test_importing_the_same_file_again_changes_nothing(schools):
    data = csv_bytes(table([teacher_row(CODE_A, name="王芳"), teacher_row(CODE_B, name="李强", male=True)]))
    import_file(data)
    before = _snapshot()

    outcome = import_file(data)

    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 2)
    assert _snapshot() == before


def test_an_existing_teacher_is_matched_by_id_number_and_updated_in_place(schools):
    existing = TeacherFactory(school=schools[CODE_A], name="王芳", professional_title="二级教师")
    number = reveal(existing.id_cipher)
    row = teacher_row(CODE_A, name="王芳", birth=existing.birth_date, male=True, 身份证件号=number)

    outcome = import_file(csv_bytes(table([row])))

    existing_after = Teacher.objects.get()
    assert (outcome.created, outcome.updated) == (0, 1)
    assert (existing_after.pk, existing_after.professional_title, existing_after.id_cipher) == (
        existing.pk,
        "一级教师",
        existing.id_cipher,
    )


def test_a_file_with_one_bad_row_writes_nothing(schools):
    rows = [
        teacher_row(CODE_A, name="王芳"),
        teacher_row(CODE_A, name="李强", male=True, 出生日期="1986-02-30"),
    ]

    outcome = import_file(csv_bytes(table(rows)))

    assert (outcome.status, Teacher.objects.count()) == ("rejected", 0)


def test_every_bad_row_is_reported_with_row_column_and_reason(schools):
    rows = [
        teacher_row(CODE_A, name="王芳", 身份证件号="150299198604120021"),
        teacher_row(CODE_A, name="李强", male=True, 性别="未知"),
        teacher_row("2115999999", name="赵敏"),
    ]

    outcome = import_file(csv_bytes(table(rows)))

    assert outcome.errors == [
        RowError(
            "CSV",
            2,
            "身份证件号",
            "150***********0021",
            "身份证件号校验码错误（末位应为根据前17位计算的校验码）",
        ),
        RowError("CSV", 3, "性别", "未知", "无法识别的性别“未知”"),
        RowError("CSV", 4, "学校标识码", "2115999999", "没有这个学校标识码的学校"),
    ]


def test_with_skip_bad_rows_the_good_rows_are_written(schools):
    rows = [teacher_row(CODE_A, name="王芳"), teacher_row(CODE_A, name="李强", male=True, 民族="火星族")]

    outcome = import_file(csv_bytes(table(rows)), skip_bad_rows=True)

    assert (outcome.status, outcome.created, outcome.skipped) == ("done", 1, 1)
    assert list(Teacher.objects.values_list("name", flat=True)) == ["王芳"]


def test_the_same_id_number_twice_in_a_file_is_reported_on_the_second_row(schools):
    first = teacher_row(CODE_A, name="王芳")
    second = teacher_row(CODE_B, name="王芳", 身份证件号=first["身份证件号"])

    outcome = import_file(csv_bytes(table([first, second])))

    masked = first["身份证件号"][:3] + "*" * 11 + first["身份证件号"][-4:]
    assert outcome.errors == [RowError("CSV", 3, "身份证件号", masked, "与第2行的身份证件号重复")]


def test_a_birth_date_that_contradicts_the_id_number_is_reported(schools):
    row = teacher_row(CODE_A, birth=dt.date(1986, 4, 12), 出生日期="1986-04-13")

    outcome = import_file(csv_bytes(table([row])))

    assert outcome.errors == [
        RowError("CSV", 2, "出生日期", "1986-04-13", "与身份证件号中的出生日期（1986-04-12）不一致")
    ]


def test_joining_the_school_before_starting_work_is_reported(schools):
    row = teacher_row(CODE_A, 参加工作年月="2010.09", 进本校年月="2009.09")

    outcome = import_file(csv_bytes(table([row])))

    assert outcome.errors == [RowError("CSV", 2, "进本校年月", "2009-09", "早于参加工作年月（2010-09）")]


def test_a_county_bureau_cannot_import_into_another_countys_school(schools):
    bureau = user_with_role(Role.COUNTY_EDU, region_code="150222")

    outcome = import_file(csv_bytes(table([teacher_row(CODE_OTHER_COUNTY)])), actor=bureau)

    assert outcome.errors == [
        RowError("CSV", 2, "学校标识码", CODE_OTHER_COUNTY, "学校“昆都仑区第一小学”不在您的管理范围内")
    ]


def test_a_school_administrator_imports_into_their_school_without_the_code_column(schools):
    admin = user_with_role(Role.SCHOOL_ADMIN, school=schools[CODE_B])
    headers = [header for header in TEACHER_HEADERS if header != "学校标识码"]

    outcome = import_file(csv_bytes(table([teacher_row("")], headers)), actor=admin)

    assert (outcome.status, Teacher.objects.get().school.code) == ("done", CODE_B)


def test_a_school_administrator_cannot_import_another_schools_code(schools):
    admin = user_with_role(Role.SCHOOL_ADMIN, school=schools[CODE_B])

    outcome = import_file(csv_bytes(table([teacher_row(CODE_A)])), actor=admin)

    assert outcome.errors == [
        RowError("CSV", 2, "学校标识码", CODE_A, f"与您所在学校的学校标识码（{CODE_B}）不符")
    ]


def test_a_teacher_registered_outside_the_importers_schools_is_not_taken_over(schools):
    elsewhere = TeacherFactory(school=schools[CODE_A], birth_date=dt.date(1986, 4, 12), gender="2")
    admin = user_with_role(Role.SCHOOL_ADMIN, school=schools[CODE_B])
    row = teacher_row(CODE_B, 身份证件号=reveal(elsewhere.id_cipher))

    outcome = import_file(csv_bytes(table([row])), actor=admin)

    assert outcome.errors == [
        RowError(
            "CSV",
            2,
            "身份证件号",
            elsewhere.id_masked,
            "该身份证件号已登记在您管理范围以外的学校，不能由本次导入修改",
        )
    ]
    assert Teacher.objects.get().school.code == CODE_A


def test_an_import_is_recorded_in_the_audit_log_with_its_counts(schools):
    import_file(csv_bytes(table([teacher_row(CODE_A)])), name="教师名单.csv")

    event = AuditEvent.objects.get(action="teacher.import")
    assert (event.object_label, event.extra["counts"]["created"], event.extra["file_name"]) == (
        "教师导入：教师名单.csv",
        1,
        "教师名单.csv",
    )


def test_a_rejected_import_leaves_no_audit_row(schools):
    import_file(csv_bytes(table([teacher_row(CODE_A, 民族="火星族")])))

    assert not AuditEvent.objects.filter(action="teacher.import").exists()


def test_a_messy_xlsx_export_is_read(schools):
    number = synthetic_id_number(birth=dt.date(1986, 4, 12), male=False)
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = table(
        [
            teacher_row(CODE_A, name="王  芳", 身份证件号=full_width, 性别="2", 出生日期=31514, 民族="01",
                        参加工作年月=2008.09, 进本校年月="2015年9月", 最高学历="21"),
            teacher_row(None, name="李强", male=True, birth=dt.date(1979, 1, 5), 出生日期="1979.01.05",
                        参加工作年月="２００１．０９", 进本校年月="201509", 人员状态="借调"),
        ]
    )  # fmt: skip
    data = xlsx_bytes(
        {"基本信息": [["2024年教职工基本信息"], ["填报单位：固阳县教育局"], *rows]},
        merges={"基本信息": ["A1:P1", "A4:A5"]},
    )

    outcome = import_file(data, name="export.xlsx")

    assert (outcome.status, outcome.created) == ("done", 2)
    assert list(
        Teacher.objects.order_by("name").values_list(
            "name", "school__code", "birth_date", "work_started_on", "status"
        )
    ) == [
        ("李强", CODE_A, dt.date(1979, 1, 5), dt.date(2001, 9, 1), "seconded"),
        ("王芳", CODE_A, dt.date(1986, 4, 12), dt.date(2008, 9, 1), "active"),
    ]
    assert Teacher.objects.get(name="王芳").id_lookup == lookup_hash(number)


def test_a_legacy_xls_export_with_merged_cells_is_read(schools):
    rows = table([teacher_row(CODE_A, name="王芳"), teacher_row(None, name="李强", male=True)])
    data = xls_bytes(
        {"教职工基本信息": [["教职工信息表"], *rows]},
        merges={"教职工基本信息": [(0, 0, 0, 15), (2, 3, 0, 0)]},
    )

    outcome = import_file(data, name="export.xls")

    assert (outcome.status, sorted(Teacher.objects.values_list("school__code", flat=True))) == (
        "done",
        [CODE_A, CODE_A],
    )


def test_a_gb18030_csv_export_is_read(schools):
    outcome = import_file(csv_bytes(table([teacher_row(CODE_A, name="王芳")]), encoding="gb18030"))

    assert (outcome.status, Teacher.objects.get().name) == ("done", "王芳")


def test_a_student_list_given_to_the_teacher_import_is_refused(schools):
    outcome = import_file(csv_bytes(table([student_row(CODE_A)])))

    assert (outcome.status, outcome.message) == ("failed", "这是学生名单，请用“导入学生”导入")


def test_a_file_without_the_school_code_column_needs_a_school(schools):
    headers = [header for header in TEACHER_HEADERS if header != "学校标识码"]

    outcome = import_file(csv_bytes(table([teacher_row("")], headers)))

    assert (outcome.status, outcome.message) == ("failed", "基本信息表缺少“学校标识码”列")


def test_a_file_without_a_teacher_table_is_refused(schools):
    outcome = import_file(csv_bytes([["序号", "备注"], ["1", "无"]]))

    assert (outcome.status, outcome.message) == (
        "failed",
        "文件中没有找到基本信息表：表头中至少应有“姓名”和“身份证件号”两列",
    )
