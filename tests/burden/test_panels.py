"""Dashboard panels: proctoring against the cap (measure 8), secondments (14) and training hours by tier (11), per
level and within scope; each export carries its table and is audited; the queries do not grow with the rows."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden import dashboard, panels
from jianfu.burden.models import LedgerEntry, ProctorAssignment, ProctoringRun, SecondmentReturn
from jianfu.burden.rollups import rollups_add
from jianfu.matters.models import QuotaSetting
from tests.burden.conftest import approved_matter, social_exam
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role

YEAR = 2030
TODAY = dt.date(2030, 6, 1)
URL = reverse("burden:dashboard")
D = Decimal


def proctored(teacher, *days: dt.date) -> None:
    """The teacher proctored one approved social exam of their school on each day."""
    by = user_with_role(Role.SCHOOL_ADMIN, school=teacher.school)
    for day in days:
        exam = social_exam(teacher.school, day=day, needed=1)
        run = ProctoringRun.objects.create(
            school=teacher.school, date_from=day, date_to=day, optimum=1, lower_bound=1, cap=4, run_by=by
        )
        ProctorAssignment.objects.create(
            run=run, matter=exam, teacher=teacher, school=teacher.school, exam_date=day, load_before=0,
            load_after=1, explanation="测试", assigned_by=by,
        )  # fmt: skip


def seconded(teacher, *, ends_on: dt.date | None, starts_on: dt.date = dt.date(2030, 1, 1)):
    matter = approved_matter(teacher.school, kind="secondment", day=starts_on)
    matter.teacher, matter.ends_on = teacher, ends_on
    matter.save(update_fields=["teacher", "ends_on"])
    return matter


def training(school, tier: str):
    return approved_matter(school, kind="training", day=dt.date(2030, 3, 1), tier=tier)


def trained(
    teacher, hours: str, *, matter=None, day=dt.date(2030, 3, 1), category="professional_development", **kw
):
    """A ledger entry of the teacher's school (professional development unless said), on `matter` if given."""
    entry = LedgerEntry.objects.create(
        teacher=teacher, school=teacher.school, matter=matter, category=category, hours=D(hours), date=day,
        recorded_by=user_with_role(Role.SCHOOL_ADMIN, school=teacher.school), **kw,
    )  # fmt: skip
    rollups_add([entry])  # as the ledger services do in the writing transaction
    return entry


def days(n: int, start: dt.date = dt.date(2030, 3, 1)) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(n)]


def table(panel) -> list[tuple]:
    return [(row.label, row.cells) for row in panel.rows]


@pytest.fixture
def second(db):
    """A second school of 固阳县."""
    return SchoolFactory(region=region("150222"), name="固阳县第二小学")


@pytest.fixture
def county_user(db):
    return user_with_role(Role.COUNTY_EDU, region_code="150222")


@pytest.fixture
def city_user(db):
    return user_with_role(Role.CITY_EDU, region_code="150200")


def level_of(user) -> dashboard.Level:
    return dashboard.level_for(user=user)


# Proctoring (measure 8)


@pytest.fixture
def proctorings(place, second):
    """固阳县 caps 2 a year; 张 3 (and 1 in 2029), 李 1, 王 0, a retired 钱 who proctored once; a second school."""
    QuotaSetting.objects.create(year=YEAR, region=region("150222"), proctoring_per_teacher_year=2)
    proctored(place.zhang, *days(3))
    proctored(place.zhang, dt.date(2029, 5, 1))
    proctored(place.li, dt.date(2030, 4, 1))
    proctored(TeacherFactory(school=place.school, name="钱老师", status="retired"), dt.date(2030, 4, 2))
    TeacherFactory(school=place.school, name="孙老师", status="retired")  # no proctoring: not counted
    proctored(TeacherFactory(school=second, name="周老师"), *days(2))
    TeacherFactory(school=second, name="吴老师")
    proctored(place.stranger, dt.date(2030, 4, 1))  # another county


def test_a_school_sees_each_teachers_proctorings_this_year_against_the_cap(place, proctorings):
    panel = panels.proctoring(user=place.admin, level=level_of(place.admin), year=YEAR)

    assert panel.columns == ["2030年监考次数", "年度上限", "超过上限"]
    assert table(panel) == [
        ("张老师", [3, 2, "是"]), ("李老师", [1, 2, "否"]), ("钱老师", [1, 2, "否"]), ("王老师", [0, 2, "否"]),
    ]  # fmt: skip
    assert panel.chart["labels"] == ["0次", "1次", "2次", "超过上限"]
    assert panel.chart["series"] == [{"name": "教师人数", "data": [1, 2, 0, 1]}]


def test_a_county_sees_per_school_proctorings_teachers_maximum_and_histogram(place, proctorings, county_user):
    panel = panels.proctoring(user=county_user, level=level_of(county_user), year=YEAR)

    assert panel.columns == [
        "教师人数", "年度上限", "监考人次", "参与监考教师", "单人最多", "0次", "1次", "2次", "超过上限",
    ]  # fmt: skip
    assert table(panel) == [
        ("固阳县第一小学", [4, 2, 5, 3, 3, 1, 2, 0, 1]),
        ("固阳县第二小学", [2, 2, 2, 1, 2, 1, 0, 1, 0]),
    ]
    assert panel.chart["series"][0]["data"] == [2, 2, 1, 1]
    assert panel.rows[0].drill == {"school": place.school.pk}


def test_the_city_sees_per_county_proctorings_each_against_its_own_cap(place, city_user):
    QuotaSetting.objects.create(year=YEAR, region=region("150200"), proctoring_per_teacher_year=3)
    QuotaSetting.objects.create(year=YEAR, region=region("150203"), proctoring_per_teacher_year=1)
    proctored(place.zhang, *days(3))
    proctored(place.li, dt.date(2030, 4, 1))
    proctored(place.stranger, *days(2))  # 昆都仑区: above its own cap of 1

    panel = panels.proctoring(user=city_user, level=level_of(city_user), year=YEAR)

    assert table(panel) == [
        ("固阳县", [3, 3, 4, 2, 3, 1, 1, 0, 1, 0]),  # the city's cap of 3
        ("昆都仑区", [1, 1, 2, 1, 2, 0, 0, 0, 0, 1]),
    ]
    assert panel.chart["labels"] == ["0次", "1次", "2次", "3次", "超过上限"]
    assert panel.chart["series"][0]["data"] == [1, 1, 0, 1, 1]
    assert panel.rows[1].drill == {"region": "150203"}


# Secondments (measure 14)


@pytest.fixture
def secondments(place, second):
    """As of TODAY in 固阳县第一小学: 张 ends in 30 days, 孙 today, 李 in 31, 王 ended yesterday; one returned, one
    not started; 赵 of 昆都仑区 overdue."""
    seconded(place.zhang, ends_on=TODAY + dt.timedelta(days=30))
    seconded(TeacherFactory(school=place.school, name="孙老师", status="seconded"), ends_on=TODAY)
    seconded(place.li, ends_on=TODAY + dt.timedelta(days=31))
    seconded(place.wang, ends_on=TODAY - dt.timedelta(days=1))
    back = TeacherFactory(school=place.school, name="周老师")
    SecondmentReturn.objects.create(
        matter=seconded(back, ends_on=TODAY - dt.timedelta(days=5)), teacher=back, school=place.school,
        returned_on=TODAY - dt.timedelta(days=5), recorded_by=place.admin,
    )  # fmt: skip
    seconded(
        TeacherFactory(school=place.school, name="吴老师"),
        ends_on=None,
        starts_on=TODAY + dt.timedelta(days=1),
    )
    seconded(place.stranger, ends_on=TODAY - dt.timedelta(days=40))


def test_a_county_sees_per_school_active_ending_within_30_days_and_overdue(place, secondments, county_user):
    panel = panels.secondments(user=county_user, level=level_of(county_user), today=TODAY)

    assert panel.columns == ["借用中（剩余30天以上）", "30天内到期", "已逾期未返岗", "合计"]
    assert table(panel) == [("固阳县第一小学", [1, 2, 1, 4]), ("固阳县第二小学", [0, 0, 0, 0])]
    assert panel.chart["series"] == [
        {"name": "借用中（剩余30天以上）", "data": [1, 0]},
        {"name": "30天内到期", "data": [2, 0]},
        {"name": "已逾期未返岗", "data": [1, 0]},
    ]


def test_a_school_sees_its_seconded_teachers_overdue_first(place, secondments):
    panel = panels.secondments(user=place.admin, level=level_of(place.admin), today=TODAY)

    assert table(panel) == [
        ("王老师", [0, 0, 1, 1]), ("孙老师", [0, 1, 0, 1]), ("张老师", [0, 1, 0, 1]), ("李老师", [1, 0, 0, 1]),
    ]  # fmt: skip


def test_the_city_sees_secondments_per_county(place, secondments, city_user):
    panel = panels.secondments(user=city_user, level=level_of(city_user), today=TODAY)

    assert table(panel) == [("固阳县", [1, 2, 1, 4]), ("昆都仑区", [0, 0, 1, 1])]


def test_a_transferred_teachers_open_secondment_counts_at_the_new_school(place, second, county_user):
    seconded(place.zhang, ends_on=TODAY + dt.timedelta(days=90))

    place.zhang.school = second
    place.zhang.save(update_fields=["school"])
    panel = panels.secondments(user=county_user, level=level_of(county_user), today=TODAY)

    assert table(panel) == [("固阳县第二小学", [1, 0, 0, 1]), ("固阳县第一小学", [0, 0, 0, 0])]


def test_a_secondment_without_an_end_date_is_active(place, county_user):
    seconded(place.zhang, ends_on=None)

    panel = panels.secondments(user=county_user, level=level_of(county_user), today=TODAY)

    assert table(panel) == [("固阳县第一小学", [1, 0, 0, 1])]


# Trainings (measure 11)


@pytest.fixture
def trainings(place, second):
    """张 6 h on a school-tier training corrected to 4 (and 9 h in 2029), 李 3 h county tier, 王 1.5 h without a
    training Matter, 李 2 h of meetings; 赵 of 昆都仑区 8 h city tier."""
    school_tier = training(place.school, "school")
    first = trained(place.zhang, "6", matter=school_tier)
    trained(place.zhang, "-2", matter=school_tier, kind="correction", corrects=first)
    trained(place.zhang, "9", matter=school_tier, day=dt.date(2029, 3, 1))
    trained(place.li, "3", matter=training(place.school, "county"))
    trained(place.wang, "1.5")
    trained(place.li, "2", category="meetings")
    trained(place.stranger, "8", matter=training(place.other_school, "city"))


def test_trainings_columns_are_the_three_tiers_other_and_total(place, trainings):
    panel = panels.trainings(user=place.admin, level=level_of(place.admin), year=YEAR)

    assert panel.columns == [
        "校本培训（学校）",
        "骨干培训（旗县区）",
        "名优培训（市级）",
        "其他培训研修",
        "合计",
    ]


def test_a_school_sees_each_teachers_training_hours_by_tier_net_of_corrections(place, trainings):
    panel = panels.trainings(user=place.admin, level=level_of(place.admin), year=YEAR)

    assert table(panel) == [
        ("张老师", [D("4.00"), D("0.00"), D("0.00"), D("0.00"), D("4.00")]),
        ("李老师", [D("0.00"), D("3.00"), D("0.00"), D("0.00"), D("3.00")]),
        ("王老师", [D("0.00"), D("0.00"), D("0.00"), D("1.50"), D("1.50")]),
    ]


def test_a_county_sees_training_hours_per_school_by_tier(place, trainings, county_user):
    panel = panels.trainings(user=county_user, level=level_of(county_user), year=YEAR)

    assert table(panel) == [
        ("固阳县第一小学", [D("4.00"), D("3.00"), D("0.00"), D("1.50"), D("8.50")]),
        ("固阳县第二小学", [D("0.00")] * 5),
    ]
    assert panel.chart["series"][0] == {"name": "校本培训（学校）", "data": [4.0, 0.0]}


def test_the_city_sees_training_hours_per_county_by_tier(place, trainings, city_user):
    panel = panels.trainings(user=city_user, level=level_of(city_user), year=YEAR)

    assert table(panel) == [
        ("固阳县", [D("4.00"), D("3.00"), D("0.00"), D("1.50"), D("8.50")]),
        ("昆都仑区", [D("0.00"), D("0.00"), D("8.00"), D("0.00"), D("8.00")]),
    ]


# Scope


def test_a_county_user_never_sees_another_countys_schools(
    place, proctorings, secondments, trainings, county_user
):
    level = level_of(county_user)

    for panel in (
        panels.proctoring(user=county_user, level=level, year=YEAR),
        panels.secondments(user=county_user, level=level, today=TODAY),
        panels.trainings(user=county_user, level=level, year=YEAR),
    ):
        assert [row.label for row in panel.rows if "昆都仑区" in row.label] == []
        assert len(panel.rows) == 2


def test_a_drill_into_another_county_or_its_school_answers_404(client, place, county_user):
    client.force_login(county_user)

    for export in ("proctoring", "secondments", "trainings"):
        assert client.get(URL, {"region": "150203", "export": export}).status_code == 404
        assert client.get(URL, {"school": place.other_school.pk, "export": export}).status_code == 404
    assert not AuditEvent.objects.filter(category="export").exists()


# The page and its exports


def test_the_page_shows_each_panel_with_chart_data_table_and_export_link(
    client, place, proctorings, county_user
):
    client.force_login(county_user)

    page = client.get(URL, {"month": "2030-03"})

    html = page.content.decode()
    for kind in ("proctoring", "secondments", "trainings"):
        assert f'data-chart="{kind}"' in html and f'data-testid="table-{kind}"' in html
        assert f"?month=2030-03&amp;export={kind}" in html
    assert page.context["chart_data"]["proctoring"]["series"][0]["data"] == [2, 2, 1, 1]
    assert f'<a href="?school={place.school.pk}&amp;month=2030-03">固阳县第一小学</a>' in html


def _sheet(response) -> list[tuple]:
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def _export_event(action: str) -> dict:
    return AuditEvent.objects.get(action=action).extra


def test_the_proctoring_export_carries_the_table_and_is_audited(client, place, proctorings, county_user):
    client.force_login(county_user)

    rows = _sheet(client.get(URL, {"month": "2030-03", "export": "proctoring"}))

    assert rows == [
        (
            "学校",
            "教师人数",
            "年度上限",
            "监考人次",
            "参与监考教师",
            "单人最多",
            "0次",
            "1次",
            "2次",
            "超过上限",
        ),
        ("固阳县第一小学", 4, 2, 5, 3, 3, 1, 2, 0, 1),
        ("固阳县第二小学", 2, 2, 2, 1, 2, 1, 0, 1, 0),
    ]
    assert _export_event("proctorassignment.export") == {
        "count": 2,
        "filters": {"level": "county", "table": "proctoring", "year": 2030, "region": "150222"},
    }


def test_the_secondments_export_carries_the_table_and_is_audited(client, place, county_user):
    today = timezone.localdate()
    seconded(place.zhang, ends_on=today - dt.timedelta(days=1), starts_on=today - dt.timedelta(days=60))
    client.force_login(county_user)

    rows = _sheet(client.get(URL, {"export": "secondments"}))

    assert rows == [
        ("学校", "借用中（剩余30天以上）", "30天内到期", "已逾期未返岗", "合计"),
        ("固阳县第一小学", 0, 0, 1, 1),
    ]
    assert _export_event("matter.export") == {
        "count": 1,
        "filters": {"level": "county", "table": "secondments", "date": today.isoformat(), "region": "150222"},
    }


def test_the_trainings_export_carries_the_table_and_is_audited(client, place, trainings):
    client.force_login(place.admin)

    rows = _sheet(client.get(URL, {"month": "2030-03", "export": "trainings"}))

    assert rows[0] == (
        "教师",
        "校本培训（学校）",
        "骨干培训（旗县区）",
        "名优培训（市级）",
        "其他培训研修",
        "合计",
    )
    assert [(row[0], *(D(str(v)) for v in row[1:])) for row in rows[1:]] == [
        ("张老师", D("4"), D("0"), D("0"), D("0"), D("4")),
        ("李老师", D("0"), D("3"), D("0"), D("0"), D("3")),
        ("王老师", D("0"), D("0"), D("0"), D("1.5"), D("1.5")),
    ]
    assert _export_event("ledgerentry.export") == {
        "count": 3,
        "filters": {"level": "school", "table": "trainings", "year": 2030, "school": place.school.pk},
    }


# Queries


def _populate(schools: list, teachers_per_school: int) -> None:
    """Every teacher proctored once, trained 2 h; one secondment per school."""
    for school in schools:
        teachers = TeacherFactory.create_batch(teachers_per_school, school=school)
        for teacher in teachers:
            proctored(teacher, dt.date(2030, 4, 1))
            trained(teacher, "2")
        seconded(teachers[0], ends_on=TODAY + dt.timedelta(days=3))


def _panel_queries(user) -> int:
    level = level_of(user)
    with CaptureQueriesContext(connection) as captured:
        panels.proctoring(user=user, level=level, year=YEAR)
        panels.secondments(user=user, level=level, today=TODAY)
        panels.trainings(user=user, level=level, year=YEAR)
    return len(captured)


@pytest.mark.parametrize(
    ("role", "expected"), [(Role.CITY_EDU, 8), (Role.COUNTY_EDU, 7), (Role.SCHOOL_ADMIN, 6)]
)
def test_the_panels_cost_the_same_queries_for_2_and_20_schools_and_teachers(place, role, expected):
    def user():
        if role == Role.SCHOOL_ADMIN:
            return place.admin
        return user_with_role(role, region_code="150200" if role == Role.CITY_EDU else "150222")

    _populate([place.school, place.other_school], 1)
    small = _panel_queries(user())

    counties = ["150222", "150203", "150207", "150221"]
    _populate([SchoolFactory(region=region(counties[i % 4])) for i in range(18)], 1)
    _populate([place.school], 18)
    large = _panel_queries(user())

    assert small == large == expected
