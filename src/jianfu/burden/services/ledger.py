"""Writes to the burden ledger: schools record who took part, teachers dispute, schools correct.

Every write runs in one transaction with its audit row. Entries are never edited: a correction is a new entry.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden.models import Category, Dispute, LedgerEntry
from jianfu.burden.models.ledger import CATEGORY_OF_KIND
from jianfu.burden.rollups import rollups_add
from jianfu.matters.models import Matter, State
from jianfu.registry.models import Teacher

MAX_HOURS_PER_ENTRY = Decimal("24")


def clean_hours(value, *, field: str = "hours", allow_zero: bool = False) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({field: "请填写小时数，例如 1.5"}) from exc
    if hours < 0 or (hours == 0 and not allow_zero):
        raise ValidationError({field: "小时数应大于0" if not allow_zero else "小时数不能为负数"})
    if hours > MAX_HOURS_PER_ENTRY:
        raise ValidationError({field: f"单条记录不超过{MAX_HOURS_PER_ENTRY}小时"})
    return hours


def _school_admin(actor):
    if getattr(actor, "role", None) != Role.SCHOOL_ADMIN or not actor.school_id:
        raise PermissionDenied("只有学校管理员可以登记和更正本校教师的负担台账")


def ledger_record_participation(
    *,
    actor,
    teacher_ids: list[int],
    hours,
    date: dt.date,
    matter_id: int | None = None,
    category: str = "",
    note: str = "",
) -> list[LedgerEntry]:
    """Record that these teachers of the actor's school spent `hours` each on an approved Matter (or other work)."""
    _school_admin(actor)
    errors: dict[str, str] = {}
    matter = None
    if matter_id is not None:
        matter = scope.access_by_id(actor, Matter, matter_id)  # 404 unless approved and concerning the school
        if matter.state != State.APPROVED:
            raise ValidationError({"matter": "只有已批准的事项可以登记教师参与情况"})
        category = category or CATEGORY_OF_KIND.get(matter.kind, Category.OTHER)
    else:
        category = category or Category.OTHER
        if not note.strip():
            errors["note"] = "未关联事项的工作请写明内容"
    if category not in Category.values:
        errors["category"] = "请选择工作类别"
    try:
        amount = clean_hours(hours)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        amount = None
    if date is None:
        errors["date"] = "请填写日期"
    elif date > timezone.localdate():
        errors["date"] = "不能登记今天以后的工作"
    wanted = {int(pk) for pk in teacher_ids}
    if not wanted:
        errors["teachers"] = "请选择参与的教师"
    teachers = list(scope.editable_by(actor, Teacher).filter(pk__in=wanted, school_id=actor.school_id))
    if len(teachers) != len(wanted):
        errors["teachers"] = "所选教师须为本校教师"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return ledger_write(
            actor=actor,
            teachers=teachers,
            matter=matter,
            category=category,
            hours=amount,
            date=date,
            note=note,
        )


def ledger_write(
    *, actor, teachers, matter: Matter | None, category: str, hours: Decimal, date: dt.date, note: str
) -> list[LedgerEntry]:
    """Write checked entries of the actor's school, their rollups and one audit row; call inside a transaction."""
    now = timezone.now()
    entries = LedgerEntry.objects.bulk_create(
        LedgerEntry(
            teacher=teacher,
            school_id=actor.school_id,
            matter=matter,
            category=category,
            hours=hours,
            date=date,
            note=note.strip()[:200],
            recorded_by=actor,
            recorded_at=now,
        )
        for teacher in sorted(teachers, key=lambda t: t.pk)
    )
    rollups_add(entries)  # the dashboards' monthly sums and warning counters, in the same transaction
    events.ledger_recorded(actor=actor, school=actor.school, matter=matter, entries=entries)
    return entries


def entry_net_hours(entry: LedgerEntry) -> Decimal:
    """The entry's hours after every correction of it."""
    delta = entry.corrections.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    return entry.hours + delta


def _correct(*, actor, entry: LedgerEntry, corrected_hours: Decimal, reason: str) -> LedgerEntry | None:
    """A correction entry bringing `entry` to `corrected_hours` (None when it already stands there)."""
    delta = corrected_hours - entry_net_hours(entry)
    if delta == 0:
        return None
    correction = LedgerEntry.objects.create(
        teacher_id=entry.teacher_id,
        school_id=entry.school_id,
        matter_id=entry.matter_id,
        category=entry.category,
        hours=delta,
        date=entry.date,
        kind=LedgerEntry.Kind.CORRECTION,
        corrects=entry,
        note=reason[:200],
        recorded_by=actor,
    )
    rollups_add([correction])
    events.ledger_corrected(actor=actor, entry=entry, correction=correction, reason=reason)
    return correction


def ledger_entry_correct(*, actor, entry_id: int, corrected_hours, reason: str) -> LedgerEntry | None:
    """The school sets what an entry should have said; a correction entry carries the difference."""
    _school_admin(actor)
    hours = clean_hours(corrected_hours, field="corrected_hours", allow_zero=True)
    if not reason.strip():
        raise ValidationError({"reason": "请写明更正理由"})
    with transaction.atomic():
        entry = scope.access_by_id(actor, LedgerEntry, entry_id, for_change=True)
        if entry.kind != LedgerEntry.Kind.ENTRY:
            raise ValidationError({"entry": "更正记录不能再被更正，请更正原始记录"})
        return _correct(actor=actor, entry=entry, corrected_hours=hours, reason=reason.strip())


def ledger_dispute_open(*, actor, entry_id: int, reason: str, claimed_hours=None) -> Dispute:
    """A teacher contests one of their own entries."""
    if getattr(actor, "role", None) != Role.TEACHER:
        raise PermissionDenied("只有教师本人可以对自己的台账记录提出异议")
    entry = scope.access_by_id(actor, LedgerEntry, entry_id, for_change=True)
    if entry.kind != LedgerEntry.Kind.ENTRY:
        raise ValidationError({"entry": "请对原始记录提出异议"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明异议理由"})
    claimed = None
    if claimed_hours not in (None, ""):
        claimed = clean_hours(claimed_hours, field="claimed_hours", allow_zero=True)
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                entry=entry,
                teacher_id=entry.teacher_id,
                school_id=entry.school_id,
                reason=reason.strip()[:300],
                claimed_hours=claimed,
            )
            events.ledger_disputed(actor=actor, dispute=dispute)
    except IntegrityError as exc:
        raise ValidationError({"entry": "这条记录已有待处理的异议"}) from exc
    return dispute


def ledger_dispute_resolve(*, actor, dispute_id: int, resolution: str, corrected_hours=None) -> Dispute:
    """The school answers a dispute: with corrected hours (a correction entry) or by confirming the entry."""
    _school_admin(actor)
    if not resolution.strip():
        raise ValidationError({"resolution": "请写明处理意见"})
    hours = None
    if corrected_hours not in (None, ""):
        hours = clean_hours(corrected_hours, field="corrected_hours", allow_zero=True)
    with transaction.atomic():
        dispute = scope.access_by_id(actor, Dispute, dispute_id, for_change=True)
        dispute = Dispute.objects.select_for_update().select_related("entry").get(pk=dispute.pk)
        if dispute.status != Dispute.Status.OPEN:
            raise ValidationError({"dispute": "该异议已处理"})
        correction = None
        if hours is not None:
            correction = _correct(actor=actor, entry=dispute.entry, corrected_hours=hours, reason=resolution)
        dispute.status = Dispute.Status.RESOLVED
        dispute.resolved_by = actor
        dispute.resolved_at = timezone.now()
        dispute.resolution = resolution.strip()[:300]
        dispute.correction = correction
        dispute.save(update_fields=["status", "resolved_by", "resolved_at", "resolution", "correction"])
        events.dispute_resolved(actor=actor, dispute=dispute)
    return dispute
