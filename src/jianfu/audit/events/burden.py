"""Events of jianfu.burden: the burden ledger, disputes and proctoring; secondments, meetings and physical
examinations."""

from collections.abc import Mapping
from typing import Any

from jianfu.audit.events.base import Category, _record, diff
from jianfu.audit.models import AuditEvent

# --- the burden ledger, disputes and proctoring (jianfu.burden) -----------------------------------------------


def ledger_recorded(*, actor, school, matter, entries) -> AuditEvent:
    """A school records who took part in a Matter (or other work): one event for the batch of entries."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="ledgerentry.create",
        obj=matter if matter is not None else school,
        region_code=school.region.code,
        extra={
            "school": school.pk,
            "entries": [
                {
                    "id": e.pk,
                    "teacher": e.teacher_id,
                    "category": e.category,
                    "hours": str(e.hours),
                    "date": e.date.isoformat(),
                }
                for e in entries
            ],
        },
    )


def ledger_corrected(*, actor, entry, correction, reason: str = "") -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="ledgerentry.correct",
        obj=correction,
        reason=reason,
        changes={"hours": [str(entry.hours), str(entry.hours + correction.hours)]},
        extra={"corrects": entry.pk, "delta": str(correction.hours), "teacher": entry.teacher_id},
    )


def ledger_disputed(*, actor, dispute) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="dispute.open",
        obj=dispute,
        reason=dispute.reason,
        extra={"entry": dispute.entry_id, "claimed_hours": str(dispute.claimed_hours or "")},
    )


def dispute_resolved(*, actor, dispute) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="dispute.resolve",
        obj=dispute,
        reason=dispute.resolution,
        changes={"status": ["open", dispute.status]},
        extra={"entry": dispute.entry_id, "correction": dispute.correction_id},
    )


def proctors_assigned(*, actor, run, assignments) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="proctoring.assign",
        obj=run,
        extra={
            "optimum": run.optimum,
            "lower_bound": run.lower_bound,
            "cap": run.cap,
            "assignments": [[a.matter_id, a.teacher_id] for a in assignments],
        },
    )


def proctor_adjusted(*, actor, old, new, reason: str = "") -> AuditEvent:
    """A school replaced one proctor by hand; `old` is the removed assignment (matter, teacher, day)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="proctoring.adjust",
        obj=new,
        reason=reason,
        changes={"teacher": [old["teacher"], new.teacher_id]},
        extra={"matter": new.matter_id, "exam_date": new.exam_date.isoformat()},
    )


# --- measure 14: secondments; measures 12-13: meetings; measure 20: physical examinations ----------------------
# (The anonymous WHO-5 answers are deliberately never audited: an audit row carries the actor and the IP.)


def secondment_returned(*, actor, record) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="secondment.return",
        obj=record,
        reason=record.note,
        changes={"returned_on": [None, record.returned_on.isoformat()]},
        extra={"matter": record.matter_id, "teacher": record.teacher_id},
    )


def secondment_reminder_raised(*, reminder) -> AuditEvent:
    """A daily run raised a reminder (30 or 7 days before the end, or overdue): the system is the actor."""
    return _record(
        actor=None,
        category=Category.CHANGE,
        action=f"secondment.remind.{reminder.threshold}",
        obj=reminder,
        extra={
            "matter": reminder.matter_id,
            "teacher": reminder.teacher_id,
            "ends_on": reminder.ends_on.isoformat(),
            "due_on": reminder.due_on.isoformat(),
        },
    )


def sub_venue_decided(*, actor, decision, previous=None) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="meeting.sub_venue",
        obj=decision,
        region_code=decision.region.code,
        reason=decision.reason,
        changes={
            "video_sub_venue": [
                previous.video_sub_venue if previous is not None else None,
                decision.video_sub_venue,
            ]
        },
        extra={"matter": decision.matter_id, "supersedes": previous.pk if previous is not None else None},
    )


def physical_exam_recorded(*, actor, exam, old: Mapping[str, Any]) -> AuditEvent:
    new = {"due_on": exam.due_on.isoformat(), "done_on": exam.done_on.isoformat() if exam.done_on else None}
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="physicalexam.record",
        obj=exam,
        changes=diff(old, new),
        extra={"teacher": exam.teacher_id, "year": exam.year},
    )


def ledger_demo_loaded(*, entries: int) -> AuditEvent:
    """Synthetic ledger history for the demo (burden/demo.py), loaded in bulk: one row for the batch."""
    return _record(
        actor=None,
        category=Category.CHANGE,
        action="ledgerentry.demo_loaded",
        object_type="burden",
        object_label="演示负担台账",
        region_code="",
        extra={"entries": entries},
    )
