"""After an exam its proctors' hours go into the ledger once (category proctoring); then the roster is fixed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jianfu.audit.models import AuditEvent
from jianfu.burden.models import LedgerEntry, ProctorAssignment, TeacherMonthRollup
from jianfu.burden.services import proctoring
from tests.burden.conftest import social_exam

DAY = dt.date(2024, 6, 7)


def staffed_exam(place, *, needed: int = 2):
    exam = social_exam(place.school, day=DAY, needed=needed)
    proctoring.proctors_assign(actor=place.admin, date_from=DAY, date_to=DAY)
    return exam


def test_the_proctors_hours_are_recorded_once_linked_and_audited(place):
    exam = staffed_exam(place)

    entries = proctoring.proctoring_record_hours(actor=place.admin, matter_id=exam.pk, hours="3.5")

    rows = LedgerEntry.objects.filter(matter=exam).order_by("teacher_id")
    assert [(e.category, e.hours, e.date, e.note) for e in rows] == [
        ("proctoring", Decimal("3.50"), DAY, "监考")
    ] * 2
    assert set(ProctorAssignment.objects.values_list("ledger_entry_id", flat=True)) == {e.pk for e in entries}
    assert sorted(TeacherMonthRollup.objects.values_list("hours", flat=True)) == [Decimal("3.50")] * 2
    event = AuditEvent.objects.get(action="ledgerentry.create")
    assert len(event.extra["entries"]) == 2


def test_recording_the_same_exam_twice_is_refused_and_writes_nothing_more(place):
    exam = staffed_exam(place)
    proctoring.proctoring_record_hours(actor=place.admin, matter_id=exam.pk, hours="3")

    with pytest.raises(ValidationError) as exc:
        proctoring.proctoring_record_hours(actor=place.admin, matter_id=exam.pk, hours="3")

    assert exc.value.message_dict["matter"] == [f"{exam.title}的监考工时已记入台账"]
    assert LedgerEntry.objects.count() == 2


def test_an_exam_not_yet_held_cannot_be_recorded(place):
    exam = social_exam(place.school, day=dt.date.today() + dt.timedelta(days=3), needed=1)
    day = exam.starts_on
    proctoring.proctors_assign(actor=place.admin, date_from=day, date_to=day)

    with pytest.raises(ValidationError) as exc:
        proctoring.proctoring_record_hours(actor=place.admin, matter_id=exam.pk, hours="2")

    assert exc.value.message_dict["matter"] == [f"{exam.title}在{day}举行，考后才能登记监考工时"]
    assert LedgerEntry.objects.count() == 0


def test_another_school_or_a_teacher_cannot_record_and_nothing_is_written(place):
    exam = staffed_exam(place)

    with pytest.raises(ValidationError):
        proctoring.proctoring_record_hours(actor=place.other_admin, matter_id=exam.pk, hours="2")
    with pytest.raises(PermissionDenied):
        proctoring.proctoring_record_hours(actor=place.teacher_user, matter_id=exam.pk, hours="2")

    assert LedgerEntry.objects.count() == 0
    assert not ProctorAssignment.objects.filter(ledger_entry__isnull=False).exists()


@pytest.mark.parametrize("hours", ["0", "24.5", "abc"])
def test_bad_hours_are_refused(place, hours):
    exam = staffed_exam(place)

    with pytest.raises(ValidationError) as exc:
        proctoring.proctoring_record_hours(actor=place.admin, matter_id=exam.pk, hours=hours)

    assert "hours" in exc.value.message_dict
    assert LedgerEntry.objects.count() == 0


def test_a_recorded_assignment_can_no_longer_be_swapped(place):
    exam = staffed_exam(place, needed=1)
    proctoring.proctoring_record_hours(actor=place.admin, matter_id=exam.pk, hours="2")
    assignment = ProctorAssignment.objects.get()
    other = next(t for t in (place.zhang, place.li, place.wang) if t.pk != assignment.teacher_id)

    with pytest.raises(ValidationError) as exc:
        proctoring.proctor_replace(
            actor=place.admin, assignment_id=assignment.pk, teacher_id=other.pk, reason="病假"
        )

    assert "该场监考已记入负担台账，不能再调整；如有出入，请在台账中更正" in exc.value.message_dict["teacher"]
    assert ProctorAssignment.objects.get().teacher_id == assignment.teacher_id


def test_the_page_lists_held_exams_and_records_their_hours(client, place):
    exam = staffed_exam(place)
    client.force_login(place.admin)
    page = client.get(reverse("burden:proctoring")).content.decode()
    assert 'data-testid="awaiting-hours"' in page and exam.title in page

    response = client.post(reverse("burden:proctoring_hours", args=[exam.pk]), {"hours": "4"}, follow=True)

    assert "已将2名监考教师的工时记入负担台账。" in response.content.decode()
    assert 'data-testid="awaiting-hours"' not in response.content.decode()
    assert LedgerEntry.objects.filter(matter=exam, hours=Decimal("4.00")).count() == 2
