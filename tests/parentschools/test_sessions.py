"""Recording parent-school sessions (measure 19) and the pages: the school's list and the area summaries."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.parentschools import services
from jianfu.parentschools.models import ParentSchoolSession
from jianfu.web.menu import menu_for
from tests.factories import SchoolFactory, region, user_with_role
from tests.parentschools.conftest import YEAR, session

TODAY = timezone.localdate()


def _record(actor, **overrides):
    values = {
        "date": TODAY,
        "title": "如何陪伴孩子写作业",
        "speaker": "刘校长",
        "audience_grade": "三年级",
        "attended": 38,
        "invited": 42,
        "notes": "线下",
    }
    values.update(overrides)
    return services.parent_school_session_record(actor=actor, **values)


def _rows(response) -> list[tuple]:
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_a_school_admin_records_a_session_of_its_school_with_an_audit_row(schools):
    recorded = _record(schools.first_admin)

    assert (recorded.school, recorded.attended, recorded.invited) == (schools.first, 38, 42)
    event = AuditEvent.objects.get(action="parentschoolsession.create")
    assert event.region_code == "150222"
    assert event.changes["title"] == [None, "如何陪伴孩子写作业"]


def test_more_parents_attending_than_invited_is_refused(schools):
    before = ParentSchoolSession.objects.count()

    with pytest.raises(ValidationError) as refused:
        _record(schools.first_admin, attended=43)

    assert refused.value.message_dict == {"attended": ["实到家长数不能超过应到家长数"]}
    assert ParentSchoolSession.objects.count() == before


def test_a_session_in_the_future_is_refused(schools):
    with pytest.raises(ValidationError) as refused:
        _record(schools.first_admin, date=TODAY + dt.timedelta(days=1))

    assert refused.value.message_dict == {"date": ["活动日期不能晚于今天（登记已举办的活动）"]}


def test_a_teacher_cannot_record_a_session(client, schools):
    teacher = user_with_role(Role.TEACHER, school=schools.first)
    before = ParentSchoolSession.objects.count()
    client.force_login(teacher)

    response = client.post(
        reverse("parentschools:record"),
        {"date": TODAY.isoformat(), "title": "讲座", "speaker": "我", "audience_grade": "全校", "attended": "1",
         "invited": "2"},
    )  # fmt: skip

    assert response.status_code == 403
    assert ParentSchoolSession.objects.count() == before
    with pytest.raises(PermissionDenied):
        _record(teacher)


def test_the_record_form_shows_its_errors_and_keeps_what_was_typed(client, schools):
    client.force_login(schools.first_admin)
    before = ParentSchoolSession.objects.count()

    response = client.post(
        reverse("parentschools:record"),
        {"date": TODAY.isoformat(), "title": "家庭阅读", "speaker": "", "audience_grade": "全校", "attended": "5",
         "invited": "9"},
    )  # fmt: skip

    assert response.status_code == 400
    assert response.context["errors"] == ["请填写主讲人"]
    assert response.context["values"]["title"] == "家庭阅读"
    assert ParentSchoolSession.objects.count() == before


def test_a_school_admin_deletes_its_own_session_and_the_audit_row_keeps_it(client, schools):
    target = _record(schools.first_admin)
    client.force_login(schools.first_admin)

    client.post(reverse("parentschools:delete", args=[target.pk]))

    assert not ParentSchoolSession.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(action="parentschoolsession.delete")
    assert event.changes["attended"] == [38, None]


def test_another_schools_admin_cannot_delete_a_session_and_nothing_changes(client, schools):
    target = _record(schools.first_admin)
    client.force_login(schools.kun_admin)

    response = client.post(reverse("parentschools:delete", args=[target.pk]))

    assert response.status_code == 404
    assert ParentSchoolSession.objects.filter(pk=target.pk).exists()
    assert not AuditEvent.objects.filter(action="parentschoolsession.delete").exists()


def test_the_school_page_shows_its_sessions_and_summary_of_the_year(client, schools):
    client.force_login(schools.first_admin)

    response = client.get(reverse("parentschools:sessions"), {"year": YEAR})

    assert [s.title for s in response.context["page"].object_list] == ["青春期心理", "家校共育讲座"]
    summary = response.context["summary"]
    assert (summary.sessions, summary.attended, summary.invited, summary.rate) == (2, 75, 90, Decimal("83.3"))


def test_the_school_page_searches_by_title_or_speaker(client, schools):
    client.force_login(schools.first_admin)

    response = client.get(reverse("parentschools:sessions"), {"year": YEAR, "q": "青春"})

    assert [s.title for s in response.context["page"].object_list] == ["青春期心理"]


def test_the_schools_sessions_export_to_excel_and_the_export_is_audited(client, schools):
    client.force_login(schools.first_admin)

    response = client.get(reverse("parentschools:sessions"), {"year": YEAR, "export": "xlsx"})

    assert _rows(response) == [
        ("日期", "学校", "主题", "主讲人", "面向年级", "实到家长数", "应到家长数", "到课率（%）", "备注"),
        (dt.datetime(YEAR, 11, 2), "固阳县第一小学", "青春期心理", "王老师", "全校", 30, 40, 75, None),
        (dt.datetime(YEAR, 3, 10), "固阳县第一小学", "家校共育讲座", "王老师", "全校", 45, 50, 90, None),
    ]
    assert AuditEvent.objects.get(action="parentschoolsession.export").extra["count"] == 2


def test_the_county_page_summarises_each_school_and_exports_the_table_with_its_total(client, schools):
    client.force_login(schools.county)

    response = client.get(reverse("parentschools:sessions"), {"year": YEAR, "export": "xlsx"})

    assert _rows(response) == [
        ("学校", "学校数", "开展活动的学校数", "活动场次", "实到家长数", "应到家长数", "到课率（%）"),
        ("固阳县 · 固阳县第一小学", 1, 1, 2, 75, 90, 83.3),
        ("固阳县 · 固阳县第二小学", 1, 1, 1, 18, 20, 90),
        ("固阳县 · 固阳县第三小学", 1, 0, 0, 0, 0, None),
        ("固阳县合计", 3, 2, 3, 93, 110, 84.5),
    ]


def test_the_city_page_summarises_each_county(client, schools):
    client.force_login(schools.city)

    response = client.get(reverse("parentschools:sessions"), {"year": YEAR})

    rows = {r.label: (r.schools, r.sessions, r.rate) for r in response.context["page"].object_list}
    assert rows["固阳县"] == (3, 3, Decimal("84.5"))
    assert rows["昆都仑区"] == (1, 1, Decimal("75.0"))
    assert response.context["total"].sessions == 4


def test_a_county_bureau_opens_a_school_of_its_county_but_not_of_another(client, schools):
    client.force_login(schools.county)

    mine = client.get(reverse("parentschools:sessions"), {"year": YEAR, "school": schools.first.pk})
    other = client.get(reverse("parentschools:sessions"), {"year": YEAR, "school": schools.kun.pk})

    assert [s.title for s in mine.context["page"].object_list] == ["青春期心理", "家校共育讲座"]
    assert mine.context["editable"] is False
    assert other.status_code == 404


def test_a_teacher_has_no_parent_school_page(client, schools):
    client.force_login(user_with_role(Role.TEACHER, school=schools.first))

    assert client.get(reverse("parentschools:sessions")).status_code == 403


@pytest.mark.parametrize(("who", "shown"), [("first_admin", True), ("county", True), ("teacher", False)])
def test_the_menu_offers_parent_schools_to_schools_and_bureaus(schools, who, shown):
    user = user_with_role(Role.TEACHER, school=schools.first) if who == "teacher" else getattr(schools, who)

    assert ("家长学校" in [item.label for item in menu_for(user)]) is shown


def _add_sessions(admin, count: int) -> None:
    for n in range(count):
        session(admin.school, admin, day=dt.date(YEAR, 1 + n % 12, 1 + n % 28), attended=n, invited=n + 1)


def _add_schools(count: int) -> None:
    for n in range(count):
        school = SchoolFactory(region=region("150222"))
        session(school, user_with_role(Role.SCHOOL_ADMIN, school=school), day=dt.date(YEAR, 5, 1),
                attended=n, invited=n + 1)  # fmt: skip


@pytest.mark.parametrize("who", ["first_admin", "county", "city"])
def test_the_parent_school_pages_cost_the_same_queries_for_3_rows_as_for_30(client, schools, who):
    client.force_login(getattr(schools, who))
    add = (lambda n: _add_sessions(schools.first_admin, n)) if who == "first_admin" else _add_schools
    url = reverse("parentschools:sessions")

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"year": YEAR}).status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"year": YEAR}).status_code == 200

    assert len(few) == len(many)
