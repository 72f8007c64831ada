"""/oversight/indicators/: the table with last year beside each figure, the audited Excel export, and a fixed
number of queries however many schools there are."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden.models import PhysicalExam
from jianfu.burden.services import ledger
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    approved_matter_of,
    bureau_user,
    delivery_with_tallies,
    region,
    report_with_case,
    user_with_role,
)
from tests.oversight.supervision.conftest import at

URL = reverse("oversight:indicators")


def test_a_county_reads_its_schools_with_last_year_beside_each_figure(world, client):
    # Given the county bureau of 固阳县, logged in
    client.force_login(world.county)

    # When it opens the indicators for 2025
    page = client.get(URL, {"year": 2025}).content.decode()

    # Then the summary and each school show 2025 with 2024 beside it, and the report can be had in one click
    assert "固阳县 · 减负督导指标" in page
    assert '<td class="num">8.17</td><td class="num">1.33</td><td class="num">+6.84</td>' in page
    assert "固阳督导一小" in page and '10.75 <span class="muted small">（2.00）</span>' in page
    assert f"{reverse('oversight:supervision_report')}?region=150222&amp;year=2025&amp;format=pdf" in page
    assert 'class="supervision-chart"' in page  # the chart, inline SVG
    assert AuditEvent.objects.filter(category="export").count() == 0


def test_a_school_sees_its_own_line_and_no_report_button(world, client):
    client.force_login(world.g1_admin)

    page = client.get(URL, {"year": 2025}).content.decode()

    assert "固阳督导一小 · 减负督导指标" in page
    assert "涉及本校的举报不向学校显示" in page
    assert 'data-testid="report-link"' not in page
    assert 'data-testid="indicator-row"' not in page


def test_the_city_drills_into_a_county(world, client):
    client.force_login(world.city)

    city = client.get(URL, {"year": 2025}).content.decode()
    county = client.get(URL, {"year": 2025, "region": "150222"}).content.decode()

    assert '<a href="?region=150222&amp;year=2025">固阳县</a>' in city
    assert "固阳督导二小" in county and 'data-testid="indicators-up"' in county


def test_another_countys_indicators_are_404_and_a_teacher_is_refused(world, client):
    client.force_login(world.other_county)
    assert client.get(URL, {"region": "150222"}).status_code == 404
    client.force_login(user_with_role(Role.TEACHER, school=world.g1))
    assert client.get(URL).status_code == 403


def test_the_excel_export_holds_the_table_and_is_audited(world, client):
    # Given the county bureau of 固阳县
    client.force_login(world.county)

    # When it exports the 2025 table
    response = client.get(URL, {"year": 2025, "export": "xlsx"})

    # Then the workbook has one line per school and the county's, 2025 beside 2024, and the export is logged
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "旗县区",
        "学校",
        "督查检查（次）2025年",
        "督查检查（次）2024年",
        "其中计划外（次）2025年",
        "其中计划外（次）2024年",
    )
    assert "本级年度计划条目" not in " ".join(rows[0])
    headers = rows[0]
    by_name = {row[1]: dict(zip(headers, row, strict=True)) for row in rows[1:]}
    assert list(by_name) == ["固阳督导一小", "固阳督导二小", "固阳县"]
    assert by_name["固阳督导一小"]["人均非教学工作（小时）2025年"] == 10.75
    assert by_name["固阳督导一小"]["人均非教学工作（小时）2024年"] == 2
    assert by_name["固阳县"]["平均办结用时（天）2025年"] == 6.8
    assert by_name["固阳督导二小"]["平均办结用时（天）2025年"] is None
    event = AuditEvent.objects.get(category="export")
    assert (event.action, event.actor_id) == ("school.export", world.county.pk)
    assert event.extra == {
        "count": 3,
        "filters": {"table": "supervision-indicators", "level": "county", "region": "150222", "year": 2025},
    }


# --- a fixed number of queries --------------------------------------------------------------------------------


def _county_with_schools(count: int):
    """`count` schools of 固阳县, each with a teacher, hours, an inspection, a campus activity, a delivery, an
    exam and a report: every source has rows for every school."""
    schools = [SchoolFactory(region=region("150222")) for _ in range(count)]
    for school in schools:
        teacher = TeacherFactory(school=school)
        admin = user_with_role(Role.SCHOOL_ADMIN, school=school)
        ledger.ledger_record_participation(
            actor=admin,
            teacher_ids=[teacher.pk],
            hours="2",
            date=dt.date(2025, 3, 3),
            category="meetings",
            note="会",
        )
        ledger.ledger_record_participation(
            actor=admin,
            teacher_ids=[teacher.pk],
            hours="1",
            date=dt.date(2024, 3, 3),
            category="professional_development",
            note="训",
        )
        approved_matter_of(school, day=dt.date(2025, 4, 4))
        approved_matter_of(school, kind="campus_activity", day=dt.date(2024, 4, 4))
        PhysicalExam.objects.create(
            teacher=teacher, school=school, year=2025, due_on=dt.date(2025, 9, 1), done_on=dt.date(2025, 5, 5),
            recorded_by=admin,
        )  # fmt: skip
        report_with_case(received_at=at("2025-02-02"), region_code="150222", school=school)
    delivery_with_tallies(created_at=at("2025-06-06"), tallies={school: (3, 1) for school in schools})
    return schools


@pytest.mark.parametrize("view", ["page", "export"])
def test_the_page_costs_the_same_queries_for_2_and_20_schools(db, client, view):
    county = bureau_user("150222")
    client.force_login(county)
    params = {"year": 2025, **({"export": "xlsx"} if view == "export" else {})}

    _county_with_schools(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, params).status_code == 200
    _county_with_schools(18)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)

    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    if view == "page":
        assert response.content.decode().count('data-testid="indicator-row"') == 20
