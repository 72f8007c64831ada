"""The demo registry generator: realistic, deterministic, synthetic ID numbers, loaded once, demo mode only."""

import datetime as dt
import io
from collections import Counter
from random import Random

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from jianfu.accounts.demo_accounts import DEMO_USERNAMES
from jianfu.accounts.models import User
from jianfu.audit.models import AuditEvent
from jianfu.registry.demo.generator import DemoDataRefused, generate, load_demo_data
from jianfu.registry.demo.people import GRADES, StudentRecord, TeacherRecord
from jianfu.registry.demo.schools import SCALES, Scale, plan_schools
from jianfu.registry.idcard import mask_id_number, parse_id_number
from jianfu.registry.models import Department, School, Student, Teacher
from jianfu.registry.protection import lookup_hash, reveal
from jianfu.registry.regions import BAOTOU_REGIONS, CITY_CODE

TINY = Scale("tiny", schools=12, teachers=150, students=700)
COUNTY_CODES = {code for code, *_ in BAOTOU_REGIONS if code != CITY_CODE}
SYNTHETIC_AREAS = {str(code) for code in range(150290, 150299)}
STAGE_GRADES = {
    "primary": GRADES[0:6],
    "junior": GRADES[6:9],
    "nine_year": GRADES[0:9],
    "senior": GRADES[9:12],
    "complete": GRADES[6:12],
    "twelve_year": GRADES[0:12],
}
STAGES_TAUGHT = {
    "primary": {"primary"},
    "junior": {"junior"},
    "senior": {"senior"},
    "nine_year": {"primary", "junior"},
    "complete": {"junior", "senior"},
    "twelve_year": {"primary", "junior", "senior"},
}


def _records(scale, seed=20260901):
    plans, people = generate(scale, seed)
    return plans, list(people)


def _snapshot() -> tuple[list, list, list]:
    schools = list(School.objects.order_by("code").values_list("code", "name", "stage", "lat", "lon"))
    teachers = list(
        Teacher.objects.order_by("id_lookup").values_list("id_lookup", "name", "birth_date", "staff_no")
    )
    students = list(
        Student.objects.order_by("id_lookup").values_list("id_lookup", "name", "grade", "class_name")
    )
    return schools, teachers, students


@pytest.mark.django_db
def test_small_scale_creates_the_demo_logins_with_their_roles_and_organisations():
    load_demo_data("small")

    users = {user.username: user for user in User.objects.select_related("region", "department", "school")}
    assert set(DEMO_USERNAMES) <= set(users)
    assert {name for name in users if name.startswith("county-edu-")} == {
        f"county-edu-{c}" for c in COUNTY_CODES
    }
    expected = {
        "city-edu": ("city_edu", "150200", "包头市教育局"),
        "county-edu-150222": ("county_edu", "150222", "固阳县教育局"),
        "county-edu-150223": ("county_edu", "150223", "达尔罕茂明安联合旗教育局"),
        "party-city": ("party", "150200", "中共包头市委"),
        "dept-police": ("department", "150200", "包头市公安局"),
        "supervisor-city": ("supervisor", "150200", "包头市人民政府教育督导室"),
        "school-demo": ("school_admin", "150222", None),
        "teacher-demo": ("teacher", "150222", None),
    }
    for username, (role, region, department) in expected.items():
        user = users[username]
        assert (user.role, user.region.code, user.department and user.department.name) == (
            role,
            region,
            department,
        )
        assert user.check_password(settings.DEMO_PASSWORD)
        assert user.display_name
    school_admin, teacher_user = users["school-demo"], users["teacher-demo"]
    assert school_admin.school.name == "固阳县金山镇中心小学"
    assert school_admin.school.region.code == "150222"
    assert teacher_user.school_id == school_admin.school_id
    assert teacher_user.teacher.school_id == school_admin.school_id
    assert teacher_user.teacher.status == Teacher.Status.ACTIVE
    assert teacher_user.display_name == teacher_user.teacher.name


@pytest.mark.django_db
def test_the_command_without_a_ledger_loads_the_registry_and_no_ledger_entries():
    from jianfu.burden.models import LedgerEntry

    out = io.StringIO()

    call_command("demo-data", "--scale", "small", "--no-ledger", stdout=out, stderr=io.StringIO())

    assert "负担台账记录 0" in out.getvalue()
    assert (School.objects.count(), Teacher.objects.count()) == (40, 1_500)
    assert LedgerEntry.objects.count() == 0


@pytest.mark.django_db
def test_the_command_loads_the_small_scale_once_and_skips_when_schools_exist():
    first, second = io.StringIO(), io.StringIO()

    call_command("demo-data", "--scale", "small", stdout=first, stderr=io.StringIO())
    call_command("demo-data", "--scale", "small", stdout=second, stderr=io.StringIO())

    assert "演示数据（small）已加载" in first.getvalue()
    assert second.getvalue().startswith("已有数据，跳过")
    assert (School.objects.count(), Teacher.objects.count(), Student.objects.count()) == (40, 1_500, 12_000)
    assert User.objects.count() == 18  # 15 business logins and the three administrators (ADR 0009)
    assert Department.objects.count() == 57
    loaded = AuditEvent.objects.get(action="registry.demo_data_loaded")
    assert loaded.extra == {
        "scale": "small",
        "counts": {
            "regions": 10,
            "departments": 57,
            "schools": 40,
            "teachers": 1_500,
            "students": 12_000,
            "users": 18,
        },
    }


@pytest.mark.django_db
def test_every_stored_id_number_is_a_valid_synthetic_number_matching_its_record():
    load_demo_data(TINY)

    people = [*Teacher.objects.all(), *Student.objects.all()]
    assert len(people) == 850
    for person in people:
        number = reveal(person.id_cipher)
        parsed = parse_id_number(number)
        assert number[:6] in SYNTHETIC_AREAS
        assert parsed.birth_date == person.birth_date
        assert parsed.gender_code == person.gender
        assert person.id_lookup == lookup_hash(number)
        assert person.id_masked == mask_id_number(number)


def test_generated_id_numbers_are_unique_valid_and_never_outside_15029x():
    _, people = _records("small")

    numbers = [record.id_number for _, record in people]
    assert len(numbers) == len(set(numbers)) == 13_500
    assert {number[:6] for number in numbers} == SYNTHETIC_AREAS
    for _, record in people:
        parsed = parse_id_number(record.id_number)
        assert (parsed.birth_date, parsed.gender_code) == (record.birth_date, record.gender)


def test_the_same_seed_generates_the_same_registry_and_another_seed_a_different_one():
    plans, people = _records("small")
    plans_again, people_again = _records("small")
    other_plans, other_people = _records("small", seed=7)

    assert plans == plans_again
    assert people == people_again
    assert [plan.name for plan in plans] != [plan.name for plan in other_plans]
    assert [record.id_number for _, record in people] != [record.id_number for _, record in other_people]


@pytest.mark.django_db
def test_loading_twice_into_an_emptied_database_stores_the_same_registry():
    load_demo_data(TINY)
    first = _snapshot()
    User.objects.all().delete()
    Student.objects.all().delete()
    Teacher.objects.all().delete()
    School.objects.all().delete()
    Department.objects.all().delete()

    load_demo_data(TINY)

    assert _snapshot() == first
    _, people = _records(TINY)
    assert sorted(lookup_hash(record.id_number) for _, record in people) == sorted(
        [row[0] for row in first[1]] + [row[0] for row in first[2]]
    )


@pytest.mark.django_db
@override_settings(DEMO_MODE=False)
def test_production_mode_refuses_to_load_demo_data():
    with pytest.raises(DemoDataRefused, match="生产模式"):
        load_demo_data(TINY)
    with pytest.raises(CommandError, match="生产模式"):
        call_command("demo-data", stdout=io.StringIO(), stderr=io.StringIO())

    assert not School.objects.exists()
    assert not User.objects.exists()


def test_small_scale_spreads_forty_schools_over_the_nine_counties_with_urban_districts_largest():
    plans = plan_schools(SCALES["small"], Random(20260901))

    by_region = Counter(plan.region_code for plan in plans)
    assert by_region == {
        "150202": 6, "150203": 8, "150204": 6, "150205": 2, "150206": 2,
        "150207": 5, "150221": 5, "150222": 3, "150223": 3,
    }  # fmt: skip
    assert Counter(plan.stage for plan in plans) == {
        "primary": 21, "junior": 6, "nine_year": 5, "senior": 3, "complete": 3, "twelve_year": 2,
    }  # fmt: skip
    assert sum(plan.teachers for plan in plans) == 1_500
    assert sum(plan.students for plan in plans) == 12_000
    assert [(plan.name, plan.stage, plan.is_rural) for plan in plans if plan.region_code == "150222"] == [
        ("固阳县金山镇中心小学", "primary", False),
        ("固阳县第一中学", "complete", False),
        ("固阳县兴顺西镇中心小学", "primary", True),
    ]
    assert [plan.code for plan in plans[:3]] == ["2115026801", "2115022515", "2115024350"]


def test_province_scale_reuses_the_nine_counties_with_unique_names_and_codes():
    plans = plan_schools(SCALES["province"], Random(20260901))

    assert len(plans) == 4_000
    assert {plan.region_code for plan in plans} == COUNTY_CODES
    assert len({plan.name for plan in plans}) == 4_000
    assert len({plan.code for plan in plans}) == 4_000
    assert all(len(plan.code) == 10 and plan.code.startswith("2115") for plan in plans)
    rural = Counter(plan.region_code for plan in plans if plan.is_rural)
    assert rural["150221"] + rural["150222"] + rural["150223"] > sum(rural.values()) / 2


def test_grades_ages_and_working_dates_fit_each_school_and_person():
    _, people = _records("small")

    for school, record in people:
        if isinstance(record, StudentRecord):
            assert record.grade in STAGE_GRADES[school.stage]
            grade = GRADES.index(record.grade) + 1
            age_on_31_august = (
                2026 - record.birth_date.year - ((record.birth_date.month, record.birth_date.day) > (8, 31))
            )
            assert age_on_31_august in (5 + grade, 6 + grade)
            assert dt.date(2014, 9, 1) <= record.enrolled_on <= dt.date(2026, 9, 1)
            assert record.class_name.endswith("班")
        else:
            assert isinstance(record, TeacherRecord)
            assert dt.date(1965, 1, 1) <= record.birth_date <= dt.date(2001, 12, 31)
            assert record.work_started_on.year - record.birth_date.year >= 20
            assert record.work_started_on <= record.joined_school_on <= dt.date(2026, 9, 1)
            assert record.staff_no.startswith(school.code[4:]) and len(record.staff_no) == 10
            if record.post_category == "工勤技能岗位":
                assert (record.subject, record.stage_taught, record.weekly_lessons) == ("", "", 0)
            else:
                assert record.stage_taught in STAGES_TAUGHT[school.stage]
                assert 0 <= record.weekly_lessons <= 18
    teachers = [record for _, record in people if isinstance(record, TeacherRecord)]
    primary = [record for record in teachers if record.stage_taught == "primary"]
    assert 0.6 < sum(record.gender == "2" for record in primary) / len(primary) < 0.8
    assert 0.07 < sum(record.is_backbone for record in teachers) / len(teachers) < 0.13


@pytest.mark.django_db
def test_demo_logins_lists_every_demo_login_with_the_demo_password():
    load_demo_data(TINY)
    out = io.StringIO()

    call_command("demo-logins", stdout=out)

    lines = out.getvalue().splitlines()
    for username in DEMO_USERNAMES:
        assert any(line.startswith(username + " ") and line.endswith("jianfu-demo-2026") for line in lines)
    assert User.objects.get(username="school-demo").school.name in out.getvalue()
