"""The accounts per department and county: violations (founded cases), unapproved demands (reports of demands
not on the whitelist, unfounded ones left out), overdue secondments, quota overruns; the page and its export."""

import datetime as dt
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Kind, Matter, State
from jianfu.oversight.accountability import AccountRow, accountability_accounts
from tests.factories import TeacherFactory, oversight_report
from tests.oversight.conftest import FOUNDED, UNFOUNDED, handle_to

QUOTA_FINDING = {
    "rule": "M04.campus-quota",
    "measure": 4,
    "severity": "block",
    "message": "本学期进校园活动已达上限",
    "quote": "",
    "evidence": "",
}


def _matter(baotou, *, kind, organizer, state, school, **fields) -> Matter:
    matter = Matter.objects.create(
        kind=kind,
        title=f"{kind}事项",
        organizer=organizer.department,
        submitted_by=organizer,
        chain="bureau",
        state=state,
        submitted_at=timezone.now(),
        **fields,
    )
    matter.schools.add(school)
    return matter


@pytest.fixture
def accounts_world(baotou):
    """In 固阳县: a founded case against 固阳县文化旅游局, an overdue secondment it borrowed, a quota overrun by
    包头市卫生健康委员会; in 昆都仑区: an unapproved demand of 包头市卫生健康委员会; plus reports that do not
    count (unfounded, and one about a demand on the whitelist)."""
    today = timezone.localdate()
    founded = oversight_report(school="固阳县金山小学").report.case
    handle_to(baotou.county, founded, "accept", "investigate", "conclude", **FOUNDED)
    oversight_report(school="2115000002", organizer_name="包头市卫生健康委员会")
    unfounded = oversight_report(school="固阳县金山小学", organizer_name="某公司").report.case
    handle_to(baotou.county, unfounded, "accept", "investigate", "conclude", **UNFOUNDED)
    listed = oversight_report(school="固阳县金山小学", organizer_name="固阳县文化旅游局").report
    listed.__class__.objects.filter(pk=listed.pk).update(on_whitelist=True)
    teacher = TeacherFactory(school=baotou.school)
    _matter(
        baotou,
        kind=Kind.SECONDMENT,
        organizer=baotou.culture,
        state=State.APPROVED,
        school=baotou.school,
        teacher=teacher,
        starts_on=today - dt.timedelta(days=100),
        ends_on=today - dt.timedelta(days=1),
        route_region=baotou.school.region,
    )
    _matter(
        baotou,
        kind=Kind.CAMPUS_ACTIVITY,
        organizer=baotou.city_health,
        state=State.BUREAU_REVIEW,
        school=baotou.school,
        findings=[QUOTA_FINDING],
        route_region=baotou.school.region,
    )
    return baotou


def _rows(rows: list[AccountRow]) -> list[tuple]:
    return [
        (row.name, row.violations, row.unapproved, row.overdue_secondments, row.quota_overruns, row.total)
        for row in rows
    ]


def test_the_city_sees_every_department_and_county_of_its_area(accounts_world):
    today = timezone.localdate()

    accounts = accountability_accounts(user=accounts_world.city, year=today.year, today=today)

    assert _rows(accounts.departments) == [
        ("固阳县文化旅游局", 1, 1, 1, 0, 3),
        ("包头市卫生健康委员会", 0, 1, 0, 1, 2),
    ]
    counties = {row[0]: row[1:] for row in _rows(accounts.counties)}
    assert counties["固阳县"] == (1, 1, 1, 1, 4)
    assert counties["昆都仑区"] == (0, 1, 0, 0, 1)
    assert counties["东河区"] == (0, 0, 0, 0, 0)
    assert [row.name for row in accounts.counties][:3] == ["包头市", "东河区", "昆都仑区"]


def test_a_county_counts_only_what_is_in_its_scope(accounts_world):
    today = timezone.localdate()

    accounts = accountability_accounts(user=accounts_world.county, year=today.year, today=today)

    assert _rows(accounts.departments) == [
        ("固阳县文化旅游局", 1, 1, 1, 0, 3),
        ("包头市卫生健康委员会", 0, 0, 0, 1, 1),
    ]
    assert _rows(accounts.counties) == [("固阳县", 1, 1, 1, 1, 4)]


def test_another_year_counts_no_reports_but_the_overdue_secondments_of_today(accounts_world):
    today = timezone.localdate()

    accounts = accountability_accounts(user=accounts_world.city, year=today.year - 1, today=today)

    assert _rows(accounts.departments) == [("固阳县文化旅游局", 0, 0, 1, 0, 1)]


def test_the_page_shows_both_tables_and_exports_them_to_excel_audited(client, accounts_world):
    client.force_login(accounts_world.city)

    page = client.get(reverse("oversight:accountability")).content.decode()
    assert 'data-testid="by-department"' in page and 'data-testid="by-county"' in page

    response = client.get(reverse("oversight:accountability") + "?export=xlsx")

    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == (
        "维度",
        "名称",
        "违规问题（查实）",
        "未经批准的要求（举报）",
        "借用教师逾期未返岗",
        "超出配额",
        "合计",
    )
    assert rows[1:3] == [
        ("部门", "固阳县文化旅游局", 1, 1, 1, 0, 3),
        ("部门", "包头市卫生健康委员会", 0, 1, 0, 1, 2),
    ]
    assert ("旗县区", "固阳县", 1, 1, 1, 1, 4) in rows
    event = AuditEvent.objects.get(action="accountabilityrecord.export")
    assert (event.actor, event.extra) == (
        accounts_world.city,
        {"count": len(rows) - 1, "filters": {"year": timezone.localdate().year}},
    )


def test_the_page_is_for_the_bureaus_and_supervisors(client, baotou):
    client.force_login(baotou.culture)

    assert client.get(reverse("oversight:accountability")).status_code == 403
