"""Measure 14: the secondment register, reminders 30 and 7 days before the end (once each), overdue, return."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden import selectors_secondments as selectors
from jianfu.burden.models import SecondmentReminder, SecondmentReturn
from jianfu.burden.services.secondments import secondment_reminders_due, secondment_return_record
from jianfu.registry.models import Teacher
from tests.burden.conftest import approved_matter
from tests.factories import user_with_role

END = dt.date(2030, 6, 30)
TODAY = dt.date.today()
PAST = TODAY - dt.timedelta(days=100)


def secondment(teacher, *, starts_on=dt.date(2030, 1, 1), ends_on=END):
    matter = approved_matter(teacher.school, kind="secondment", day=starts_on)
    matter.teacher = teacher
    matter.ends_on = ends_on
    matter.save(update_fields=["teacher", "ends_on"])
    return matter


def _thresholds(reminders):
    return sorted((r.matter_id, r.threshold) for r in reminders)


def test_nothing_at_31_days_the_30_day_reminder_at_exactly_30_and_not_twice(place):
    matter = secondment(place.zhang)

    assert secondment_reminders_due(today=END - dt.timedelta(days=31)) == []
    first = secondment_reminders_due(today=END - dt.timedelta(days=30))
    again = secondment_reminders_due(today=END - dt.timedelta(days=30))
    next_day = secondment_reminders_due(today=END - dt.timedelta(days=29))

    assert _thresholds(first) == [(matter.pk, "30")]
    assert again == [] and next_day == []
    assert SecondmentReminder.objects.count() == 1
    assert AuditEvent.objects.filter(action="secondment.remind.30").count() == 1


def test_the_7_day_reminder_at_exactly_7_days_once(place):
    matter = secondment(place.zhang)
    secondment_reminders_due(today=END - dt.timedelta(days=30))

    assert secondment_reminders_due(today=END - dt.timedelta(days=8)) == []
    assert _thresholds(secondment_reminders_due(today=END - dt.timedelta(days=7))) == [(matter.pk, "7")]
    assert secondment_reminders_due(today=END - dt.timedelta(days=7)) == []
    assert secondment_reminders_due(today=END) == []  # the last day is still the 7-day window, already raised


def test_a_missed_day_is_caught_up_but_a_short_secondment_gets_only_the_7_day_reminder(place):
    late = secondment(place.zhang)
    short = secondment(place.li, starts_on=END - dt.timedelta(days=5))

    raised = secondment_reminders_due(today=END - dt.timedelta(days=20))  # the job did not run at 30
    assert _thresholds(raised) == [(late.pk, "30")]
    raised = secondment_reminders_due(today=END - dt.timedelta(days=5))
    assert _thresholds(raised) == sorted([(late.pk, "7"), (short.pk, "7")])


def test_overdue_is_past_the_end_with_no_return_flagged_once_to_county_and_supervisors(place):
    matter = secondment(place.zhang)

    assert secondment_reminders_due(today=END + dt.timedelta(days=1))[0].threshold == "overdue"
    assert secondment_reminders_due(today=END + dt.timedelta(days=2)) == []

    county = user_with_role(Role.COUNTY_EDU, region_code="150222")
    supervisor = user_with_role(Role.SUPERVISOR, region_code="150222")
    other_county = user_with_role(Role.COUNTY_EDU, region_code="150203")
    for user in (county, supervisor, place.admin):
        assert [r.matter_id for r in selectors.reminders_visible_to(user=user)] == [matter.pk]
    assert not selectors.reminders_visible_to(user=other_county).exists()
    rows = selectors.register(user=county, today=END + dt.timedelta(days=3), status="overdue")
    assert [(r.matter.pk, r.overdue_days) for r in rows] == [(matter.pk, 3)]


def test_a_recorded_return_ends_reminders_and_sets_the_teacher_back_to_active(place):
    matter = secondment(place.zhang, starts_on=PAST, ends_on=TODAY)
    Teacher.objects.filter(pk=place.zhang.pk).update(status=Teacher.Status.SECONDED)

    record = secondment_return_record(actor=place.admin, matter_id=matter.pk, returned_on=TODAY)

    assert record.school_id == place.school.pk
    place.zhang.refresh_from_db()
    assert place.zhang.status == Teacher.Status.ACTIVE
    assert AuditEvent.objects.filter(action="secondment.return", object_id=str(record.pk)).exists()
    assert AuditEvent.objects.filter(action="teacher.update", object_id=str(place.zhang.pk)).exists()
    assert secondment_reminders_due(today=TODAY + dt.timedelta(days=1)) == []
    rows = selectors.register(user=place.admin, today=TODAY + dt.timedelta(days=1), status="returned")
    assert [r.matter.pk for r in rows] == [matter.pk]


def test_an_extension_gets_fresh_reminders(place):
    matter = secondment(place.zhang)
    secondment_reminders_due(today=END - dt.timedelta(days=30))
    matter.ends_on = END + dt.timedelta(days=60)
    matter.save(update_fields=["ends_on"])

    raised = secondment_reminders_due(today=matter.ends_on - dt.timedelta(days=30))

    assert _thresholds(raised) == [(matter.pk, "30")]
    assert SecondmentReminder.objects.filter(matter=matter).count() == 2


def test_only_approved_secondments_with_a_teacher_are_reminded(place):
    matter = secondment(place.zhang)
    matter.state = "merged"
    matter.save(update_fields=["state"])

    assert secondment_reminders_due(today=END + dt.timedelta(days=1)) == []


# --- scope ------------------------------------------------------------------------------------------------------


def test_the_register_in_each_scope(place):
    mine, colleague, stranger = (secondment(t) for t in (place.zhang, place.li, place.stranger))
    users = {
        "teacher": (place.teacher_user, {mine.pk}),
        "school_admin": (place.admin, {mine.pk, colleague.pk}),
        "county": (user_with_role(Role.COUNTY_EDU, region_code="150222"), {mine.pk, colleague.pk}),
        "city": (user_with_role(Role.CITY_EDU), {mine.pk, colleague.pk, stranger.pk}),
        "other_admin": (place.other_admin, {stranger.pk}),
        "department": (user_with_role(Role.DEPARTMENT), set()),
        "party": (user_with_role(Role.PARTY), set()),
    }
    for label, (user, expected) in users.items():
        assert set(scope.secondment_register(user).values_list("pk", flat=True)) == expected, label


def test_recording_a_return_out_of_scope_is_404_and_a_teacher_may_not(client, place):
    stranger = secondment(place.stranger, starts_on=PAST)
    mine = secondment(place.zhang, starts_on=PAST)
    url = "burden:secondment_return"

    client.force_login(place.admin)
    assert (
        client.post(reverse(url, args=[stranger.pk]), {"returned_on": TODAY.isoformat()}).status_code == 404
    )
    client.force_login(place.teacher_user)
    assert client.post(reverse(url, args=[mine.pk]), {"returned_on": TODAY.isoformat()}).status_code == 403
    supervisor = user_with_role(Role.SUPERVISOR, region_code="150222")
    client.force_login(supervisor)
    assert client.post(reverse(url, args=[mine.pk]), {"returned_on": TODAY.isoformat()}).status_code == 403
    assert not SecondmentReturn.objects.exists()


def test_the_county_bureau_records_a_return_through_the_page(client, place):
    matter = secondment(place.zhang, starts_on=PAST)
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    response = client.post(
        reverse("burden:secondment_return", args=[matter.pk]), {"returned_on": TODAY.isoformat()}
    )

    assert response.status_code == 302
    assert SecondmentReturn.objects.get().matter_id == matter.pk
    again = client.post(
        reverse("burden:secondment_return", args=[matter.pk]), {"returned_on": TODAY.isoformat()}
    )
    assert again.status_code == 302 and SecondmentReturn.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("teacher", 200), ("admin", 200), ("county", 200), ("department", 403), ("party", 403)],
)
def test_the_register_page_by_role(client, place, who, status):
    secondment(place.zhang, starts_on=PAST, ends_on=TODAY - dt.timedelta(days=2))
    user = {
        "teacher": place.teacher_user,
        "admin": place.admin,
        "county": user_with_role(Role.COUNTY_EDU, region_code="150222"),
        "department": user_with_role(Role.DEPARTMENT),
        "party": user_with_role(Role.PARTY),
    }[who]
    client.force_login(user)

    response = client.get(reverse("burden:secondments"))

    assert response.status_code == status
    if status == 200:
        assert "已逾期未返岗" in response.content.decode()
        assert "张老师" in response.content.decode()


def test_the_command_prints_what_it_recorded(place):
    secondment(place.zhang)
    out = StringIO()

    call_command("secondment-reminders", "--today", (END - dt.timedelta(days=7)).isoformat(), stdout=out)
    call_command(
        "secondment-reminders", "--today", (END - dt.timedelta(days=7)).isoformat(), stdout=StringIO()
    )

    assert (
        "7天后到期" in out.getvalue() and "张老师" in out.getvalue() and "新生成提醒 1 条" in out.getvalue()
    )
    assert SecondmentReminder.objects.count() == 1
