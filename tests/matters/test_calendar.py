"""Calendar feeds: a private, regenerable iCalendar URL per school and per teacher, of the approved Matters that
concern them; read back with the icalendar library."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.matters import calendar
from jianfu.matters.models import CalendarFeed
from tests.factories import TeacherFactory, user_with_role
from tests.matters.conftest import campus_activity, decide, inspection, later, secondment, social_exam, submit


@pytest.fixture
def approved(town):
    """Approved Matters at school A (and one at school B), plus a pending one at school A."""
    teacher = TeacherFactory(school=town.school_a, name="王老师")
    check = submit(
        town.police, inspection(town.school_a, title="校园安全检查", starts_on=later(60), ends_on=later(61))
    )
    decide(town.county_party, decide(town.county_edu, check, reason="会商同意"), reason="同意")
    talk = decide(
        town.county_edu,
        submit(town.police, campus_activity(town.school_a, title="交通安全宣讲进校园", date=later(40))),
    )
    exam = decide(town.county_edu, submit(town.police, social_exam(town.school_a, exam_date=later(45))))
    loan = submit(town.police, secondment(town.school_a, teacher.pk, starts_on=later(50), ends_on=later(100)))
    decide(town.county_party, decide(town.county_edu, loan, reason="同意借用"), reason="备案")
    elsewhere = decide(
        town.city_edu,
        submit(town.city_police, campus_activity(town.school_b, title="昆区宣讲", date=later(41))),
    )
    pending = submit(town.police, campus_activity(town.school_a, title="尚在审批的活动", date=later(42)))
    return {"teacher": teacher, "check": check, "talk": talk, "exam": exam, "loan": loan, "pending": pending,
            "elsewhere": elsewhere}  # fmt: skip


def _events(body: bytes) -> list[tuple[str, dt.date, dt.date]]:
    parsed = Calendar.from_ical(body)
    return [
        (str(event["SUMMARY"]), event["DTSTART"].dt, event["DTEND"].dt) for event in parsed.walk("VEVENT")
    ]


def _day(days: int) -> dt.date:
    return dt.date.fromisoformat(later(days))


def _feed_url(client) -> str:
    page = client.get(reverse("calendar:mine")).content.decode()
    start = page.index('data-testid="feed-url"')
    value = page.rindex('value="', 0, start)
    return page[value + 7 : page.index('"', value + 7)]


def test_a_school_admin_generates_the_schools_feed_and_a_calendar_app_reads_it(town, approved, client):
    admin = user_with_role(Role.SCHOOL_ADMIN, school=town.school_a)
    client.force_login(admin)
    assert 'data-testid="feed-generate"' in client.get(reverse("calendar:mine")).content.decode()

    client.post(reverse("calendar:mine"))

    feed = CalendarFeed.objects.get()
    assert (feed.school, feed.teacher, feed.created_by) == (town.school_a, None, admin)
    url = _feed_url(client)
    assert url == f"http://testserver/calendar/{calendar.token_for(feed.nonce)}.ics"
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = Calendar.from_ical(response.content)
    assert str(parsed["X-WR-CALNAME"]) == "固阳县第一小学涉校事项"
    assert _events(response.content) == [
        ("交通安全宣讲进校园", _day(40), _day(41)),
        ("全国计算机等级考试借用考点", _day(45), _day(46)),
        ("校园安全检查", _day(60), _day(62)),
    ]
    event = next(iter(parsed.walk("VEVENT")))
    assert str(event["UID"]) == f"matter-{approved['talk'].pk}@testserver"
    assert str(event["URL"]) == f"http://testserver/verify/{approved['talk'].verification_code}"
    assert f"核验码：{approved['talk'].display_code}" in str(event["DESCRIPTION"])


def test_a_teachers_feed_holds_what_involves_teachers_and_their_own_secondment(town, approved, client):
    teacher_user = user_with_role(Role.TEACHER, teacher=approved["teacher"], school=town.school_a)
    client.force_login(teacher_user)
    client.post(reverse("calendar:mine"))

    response = client.get(_feed_url(client))

    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == "王老师的涉校事项"
    # The campus activity addresses students only; the secondment is this teacher's.
    assert _events(response.content) == [
        ("全国计算机等级考试借用考点", _day(45), _day(46)),
        ("借用教师参与全市中考命题工作", _day(50), _day(101)),
        ("校园安全检查", _day(60), _day(62)),
    ]


def test_another_teacher_of_the_school_does_not_get_the_secondment(town, approved, client):
    colleague = user_with_role(
        Role.TEACHER, teacher=TeacherFactory(school=town.school_a), school=town.school_a
    )
    client.force_login(colleague)
    client.post(reverse("calendar:mine"))

    titles = [summary for summary, _, _ in _events(client.get(_feed_url(client)).content)]

    assert titles == ["全国计算机等级考试借用考点", "校园安全检查"]


def test_regenerating_retires_the_old_url_and_is_audited_without_the_secret(town, approved, client):
    admin = user_with_role(Role.SCHOOL_ADMIN, school=town.school_a)
    client.force_login(admin)
    client.post(reverse("calendar:mine"))
    old_url = _feed_url(client)
    page = client.get(reverse("calendar:mine")).content.decode()
    assert 'data-confirm="重新生成后原订阅地址立即失效' in page

    client.post(reverse("calendar:mine"))

    new_url = _feed_url(client)
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200
    assert CalendarFeed.objects.count() == 1
    actions = list(
        AuditEvent.objects.filter(object_type="matters.calendarfeed")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["calendarfeed.create", "calendarfeed.update"]
    nonce = CalendarFeed.objects.get().nonce
    for event in AuditEvent.objects.filter(object_type="matters.calendarfeed"):
        assert nonce not in str(event.changes) + str(event.extra)


def test_the_stored_secret_alone_does_not_open_the_feed(town, approved, client):
    feed = CalendarFeed.objects.create(
        school=town.school_a, nonce="a-stored-nonce", created_by=town.county_edu
    )

    assert client.get(f"/calendar/{feed.nonce}.ics").status_code == 404
    assert client.get(f"/calendar/{feed.nonce}.forged-signature.ics").status_code == 404
    assert client.get(f"/calendar/{calendar.token_for(feed.nonce)}.ics").status_code == 200


def test_an_unknown_token_is_404_and_the_feed_answers_only_get(town, client, db):
    feed = CalendarFeed.objects.create(school=town.school_a, nonce="n1", created_by=town.county_edu)
    url = f"/calendar/{calendar.token_for(feed.nonce)}.ics"

    assert client.get(f"/calendar/{calendar.token_for('unknown')}.ics").status_code == 404
    assert client.get("/calendar/garbage.ics").status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("who", ["city_edu", "county_edu", "police", "county_party"])
def test_roles_without_a_feed_get_403_and_nothing_is_created(town, client, who):
    client.force_login(getattr(town, who))
    audit_rows = AuditEvent.objects.count()

    assert client.get(reverse("calendar:mine")).status_code == 403
    assert client.post(reverse("calendar:mine")).status_code == 403
    assert not CalendarFeed.objects.exists()
    assert AuditEvent.objects.count() == audit_rows


def test_the_calendar_page_lists_the_feeds_matters_and_the_menu_offers_it(town, approved, client):
    client.force_login(user_with_role(Role.SCHOOL_ADMIN, school=town.school_a))

    page = client.get(reverse("calendar:mine")).content.decode()
    home = client.get(reverse("home")).content.decode()

    table = page[page.index('data-testid="calendar-matters"') :]
    assert (
        table.index("交通安全宣讲进校园")
        < table.index("全国计算机等级考试借用考点")
        < table.index("校园安全检查")
    )
    assert "尚在审批的活动" not in page
    assert "昆区宣讲" not in page
    assert ">日程订阅<" in home
