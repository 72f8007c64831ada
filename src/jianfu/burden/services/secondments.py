"""Measure 14 after approval: reminders before a secondment ends, overdue secondments, and the teacher's return.

Thresholds (one place): a reminder is raised once `REMINDER_DAYS` days before the end date, per secondment, per
threshold and per end date (an extension gets fresh reminders). A run that missed a day catches up: a secondment
with 30 ≥ days left > 7 gets the 30-day reminder, with 7 ≥ days left ≥ 0 the 7-day one (a secondment approved with
5 days left gets only the 7-day one). Reminders start once the secondment has started.

Overdue: today is after `ends_on` (the last day of the secondment) and no return is recorded for it. The overdue
reminder is raised once per end date; the register shows the overdue badge every day until the return is recorded.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.burden.models import SecondmentReminder, SecondmentReturn
from jianfu.matters.models import Kind, Matter, State
from jianfu.registry.models import Teacher

Threshold = SecondmentReminder.Threshold
# Threshold -> (most days left, fewest days left) for which it is due; checked in this order.
REMINDER_WINDOWS: tuple[tuple[str, int, int], ...] = (
    (Threshold.DAYS_7, 7, 0),
    (Threshold.DAYS_30, 30, 8),
)


def threshold_due(*, ends_on: dt.date, today: dt.date) -> str | None:
    """The reminder a secondment ending on `ends_on` is due for today, if any (overdue when past the end)."""
    left = (ends_on - today).days
    if left < 0:
        return Threshold.OVERDUE
    for threshold, most, fewest in REMINDER_WINDOWS:
        if fewest <= left <= most:
            return threshold
    return None


def open_secondments():
    """Every approved secondment with a teacher, an end date and no recorded return (system-wide: for the job)."""
    return (
        Matter.objects.filter(
            kind=Kind.SECONDMENT,
            state=State.APPROVED,
            teacher__isnull=False,
            ends_on__isnull=False,
            secondment_return__isnull=True,
        )
        .select_related("teacher__school__region")
        .order_by("ends_on", "pk")
    )


def secondment_reminders_due(*, today: dt.date) -> list[SecondmentReminder]:
    """Raise (and record) the reminders due today that were not raised before; returns the new ones.

    Runs as the system (a daily job): each reminder is recorded with its audit row in one transaction, and the
    unique constraint makes a second run, even a concurrent one, raise nothing again."""
    raised: list[SecondmentReminder] = []
    horizon = today + dt.timedelta(days=REMINDER_WINDOWS[-1][1])
    # Only secondments under way: one approved ahead of its start is reminded once it has started.
    candidates = open_secondments().filter(ends_on__lte=horizon).exclude(starts_on__gt=today)
    already = set(
        SecondmentReminder.objects.filter(matter__in=candidates.values("pk")).values_list(
            "matter_id", "threshold", "ends_on"
        )
    )
    for matter in candidates:
        threshold = threshold_due(ends_on=matter.ends_on, today=today)
        if threshold is None or (matter.pk, threshold, matter.ends_on) in already:
            continue
        try:
            with transaction.atomic():
                reminder = SecondmentReminder.objects.create(
                    matter=matter,
                    teacher=matter.teacher,
                    school=matter.teacher.school,
                    threshold=threshold,
                    ends_on=matter.ends_on,
                    due_on=today,
                )
                events.secondment_reminder_raised(reminder=reminder)
        except IntegrityError:
            continue  # raised meanwhile by another run
        raised.append(reminder)
    return raised


def secondment_return_record(
    *, actor, matter_id: int, returned_on: dt.date, note: str = ""
) -> SecondmentReturn:
    """The teacher's school (or the county bureau) records that the teacher is back; their registry status
    goes from 借出 back to 在岗."""
    if returned_on is None:
        raise ValidationError({"returned_on": "请填写返岗日期"})
    if returned_on > timezone.localdate():
        raise ValidationError({"returned_on": "返岗日期不能晚于今天"})
    with transaction.atomic():
        rows = scope.secondment_returns_recordable_by(actor)
        try:
            matter = rows.select_related("teacher__school__region").get(pk=matter_id)
        except (Matter.DoesNotExist, ValueError, TypeError):
            if scope.secondment_register(actor).filter(pk=matter_id).exists():
                raise PermissionDenied("只有教师所在学校或教育局可以登记返岗") from None
            raise Http404 from None
        if matter.starts_on and returned_on < matter.starts_on:
            raise ValidationError({"returned_on": "返岗日期不能早于借用开始日期"})
        if SecondmentReturn.objects.filter(matter=matter).exists():
            raise ValidationError({"matter": "该借用已登记返岗"})
        teacher = Teacher.objects.select_for_update().get(pk=matter.teacher_id)
        record = SecondmentReturn.objects.create(
            matter=matter,
            teacher=teacher,
            school=matter.teacher.school,
            returned_on=returned_on,
            note=note.strip()[:200],
            recorded_by=actor,
        )
        if teacher.status == Teacher.Status.SECONDED:
            teacher.status = Teacher.Status.ACTIVE
            teacher.save(update_fields=["status"])
            events.object_changed(
                actor=actor,
                obj=teacher,
                old={"status": Teacher.Status.SECONDED},
                new={"status": Teacher.Status.ACTIVE},
                reason="借用结束返岗",
            )
        events.secondment_returned(actor=actor, record=record)
    return record
