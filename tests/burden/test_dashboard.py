"""Dashboards: the level follows the scope, figures come from the rollups only, exports are audited, and the
page costs the same number of queries however many schools and entries there are."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden import dashboard
from jianfu.burden.models import LedgerEntry, WorkloadSetting
from jianfu.burden.rollups import rollups_add, rollups_rebuild
from jianfu.burden.services import ledger
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role

MARCH = dt.date(2024, 3, 1)
URL = reverse("burden:dashboard")


def record(admin, teachers, hours, day=dt.date(2024, 3, 12), category="meetings"):
    return ledger.ledger_record_participation(
        actor=admin,
        teacher_ids=[t.pk for t in teachers],
        hours=hours,
        date=day,
        category=category,
        note="工作",
    )


@pytest.fixture
def county_user(db):
    return user_with_role(Role.COUNTY_EDU, region_code="150222")


def test_a_county_sees_its_schools_with_exact_hours_and_warnings(place, county_user):
    record(place.admin, [place.zhang, place.li], "1.25")
    record(place.admin, [place.zhang], "23", day=dt.date(2024, 3, 2), category="inspections")  # 24.25 h > 24
    record(place.admin, [place.zhang], "0.5", day=dt.date(2024, 1, 31), category="other")
    record(place.other_admin, [place.stranger], "9")  # another county
    empty = SchoolFactory(region=region("150222"), name="固阳县第二小学")

    board = dashboard.dashboard(user=county_user, level=dashboard.level_for(user=county_user), month=MARCH)

    assert board.level.kind == "county"
    rows = {row.label: row for row in board.groups}
    assert set(rows) == {place.school.name, empty.name}
    assert rows[place.school.name].hours == {"meetings": Decimal("2.50"), "inspections": Decimal("23.00")}
    assert rows[place.school.name].total == Decimal("25.50")
    assert rows[place.school.name].warnings == 1
    assert rows[empty.name].total == 0
    trend = {row.key: row.total for row in board.trend}
    assert (
        len(trend) == 12
        and trend[MARCH] == Decimal("25.50")
        and trend[dt.date(2024, 1, 1)] == Decimal("0.50")
    )
    assert board.warnings == 1


def test_the_city_sees_counties_and_a_school_its_teachers(place):
    record(place.admin, [place.zhang, place.li], "2")
    record(place.other_admin, [place.stranger], "3", category="proctoring")
    city = user_with_role(Role.CITY_EDU, region_code="150200")

    board = dashboard.dashboard(user=city, level=dashboard.level_for(user=city), month=MARCH)
    counties = {row.label: row.total for row in board.groups}
    assert counties["固阳县"] == Decimal("4.00") and counties["昆都仑区"] == Decimal("3.00")
    assert len(counties) == 2  # only counties with schools in scope

    mine = dashboard.dashboard(user=place.admin, level=dashboard.level_for(user=place.admin), month=MARCH)
    assert mine.level.kind == "school"
    assert {row.label: row.total for row in mine.groups} == {
        "张老师": Decimal("2.00"), "李老师": Decimal("2.00"), "王老师": Decimal("0.00"),
    }  # fmt: skip


def test_a_county_threshold_of_its_own_counts_warnings(place, county_user):
    WorkloadSetting.objects.create(year=2024, region=region("150222"), monthly_nonteaching_hours=Decimal("3"))
    record(place.admin, [place.zhang], "3.5")
    record(place.admin, [place.li], "3")  # not above

    board = dashboard.dashboard(user=county_user, level=dashboard.level_for(user=county_user), month=MARCH)

    assert board.warnings == 1


def test_the_dashboard_reads_the_rollups_only(place, county_user):
    entry = LedgerEntry.objects.create(
        teacher=place.zhang, school=place.school, category="other", hours=Decimal("6"), date=dt.date(2024, 3, 9),
        recorded_by=place.admin,
    )  # fmt: skip
    level = dashboard.level_for(user=county_user)
    assert dashboard.dashboard(user=county_user, level=level, month=MARCH).groups[0].total == 0

    rollups_add([entry])

    assert dashboard.dashboard(user=county_user, level=level, month=MARCH).groups[0].total == Decimal("6.00")


def test_the_page_shows_charts_tables_and_drills_down_within_scope(client, place, county_user):
    record(place.admin, [place.zhang], "1.5")
    client.force_login(county_user)

    page = client.get(URL, {"month": "2024-03"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="dashboard-data" type="application/json"' in html
    assert "vendor/echarts/echarts.min.js" in html and "jianfu/charts.js" in html
    assert f"?school={place.school.pk}&amp;month=2024-03" in html
    assert page.context["chart_data"]["groups"]["labels"] == [place.school.name]

    drilled = client.get(URL, {"school": place.school.pk, "month": "2024-03"})
    assert drilled.status_code == 200 and drilled.context["level"].kind == "school"
    assert client.get(URL, {"school": place.other_school.pk}).status_code == 404
    assert client.get(URL, {"region": "150203"}).status_code == 404


def test_teachers_and_departments_get_no_dashboard(client, place):
    client.force_login(place.teacher_user)
    assert client.get(URL).status_code == 403
    client.force_login(user_with_role(Role.DEPARTMENT))
    assert client.get(URL).status_code == 403


def test_the_excel_export_carries_the_table_and_is_audited(client, place, county_user):
    record(place.admin, [place.zhang, place.li], "1.25")
    client.force_login(county_user)

    response = client.get(URL, {"month": "2024-03", "export": "groups"})

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "学校" and rows[0][-2:] == ("合计", "预警人数")
    assert rows[1][0] == place.school.name and Decimal(str(rows[1][-2])) == Decimal("2.5")
    event = AuditEvent.objects.get(action="ledgerrollup.export")
    assert event.extra["filters"] == {
        "level": "county",
        "table": "groups",
        "month": "2024-03",
        "region": "150222",
    }
    trend = client.get(URL, {"month": "2024-03", "export": "trend"})
    assert len(list(load_workbook(BytesIO(trend.content)).active.iter_rows())) == 13


def _queries(client, user, params) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.CITY_EDU, Role.COUNTY_EDU, Role.SCHOOL_ADMIN])
def test_the_query_count_is_flat_in_schools_teachers_and_entries(client, place, role):
    def user():
        if role == Role.SCHOOL_ADMIN:
            return place.admin
        return user_with_role(role, region_code="150200" if role == Role.CITY_EDU else "150222")

    params = {"month": "2024-03"}
    record(place.admin, [place.zhang], "1")
    small = _queries(client, user(), params)

    for _ in range(5):
        school = SchoolFactory(region=region("150222"))
        TeacherFactory.create_batch(3, school=school)
    extra = TeacherFactory.create_batch(4, school=place.school)
    for month in (1, 2, 3):
        record(place.admin, [place.zhang, place.li, *extra], "20", day=dt.date(2024, month, 3))
    rollups_rebuild()
    large = _queries(client, user(), params)

    assert small == large
    assert large <= 14 + 5  # the hours and warnings, then the three panels (burden/panels.py)
