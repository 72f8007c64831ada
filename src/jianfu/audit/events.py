"""One function per audit event type. Callers run inside the transaction of the change they record."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from jianfu.audit import context
from jianfu.audit.models import AuditEvent

Category = AuditEvent.Category


def _region_code_of(obj: Model | None, actor) -> str:
    """The region an event belongs to, so supervisors of that area can find it."""
    if obj is not None:
        if obj._meta.label == "registry.Region":
            return obj.code
        for holder in (obj, getattr(obj, "school", None)):
            region = getattr(holder, "region", None)
            if region is not None:
                return region.code
    region = getattr(actor, "region", None)
    return region.code if region is not None else ""


def _record(
    *,
    actor,
    category: str,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    region_code: str | None = None,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    ctx = context.current()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else (actor if isinstance(actor, str) else "系统")),
        actor_role=getattr(actor, "role", "") if is_user else "",
        ip_address=ctx.ip_address,
        user_agent=ctx.user_agent,
        request_id=ctx.request_id,
        category=category,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_label=(str(obj) if obj is not None else object_label)[:200],
        region_code=region_code
        if region_code is not None
        else _region_code_of(obj, actor if is_user else None),
        reason=reason[:200],
        changes=dict(changes or {}),
        extra=dict(extra or {}),
    )


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as {field: [old, new]}."""
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def object_created(*, actor, obj: Model, values: Mapping[str, Any], reason: str = "") -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"{obj._meta.model_name}.create",
        obj=obj,
        reason=reason,
        changes={key: [None, value] for key, value in values.items()},
    )


def object_changed(
    *, actor, obj: Model, old: Mapping[str, Any], new: Mapping[str, Any], reason: str = ""
) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"{obj._meta.model_name}.update",
        obj=obj,
        reason=reason,
        changes=diff(old, new),
    )


def object_deleted(*, actor, obj: Model, values: Mapping[str, Any], reason: str = "") -> AuditEvent:
    """A row removed; `values` keeps what it held."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"{obj._meta.model_name}.delete",
        obj=obj,
        reason=reason,
        changes={key: [value, None] for key, value in values.items()},
    )


def personal_data_viewed(*, actor, obj: Model, reason: str = "") -> AuditEvent:
    return _record(
        actor=actor, category=Category.READ, action=f"{obj._meta.model_name}.view", obj=obj, reason=reason
    )


def personal_data_listed(*, actor, model: type[Model], count: int, filters: Mapping[str, Any]) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.READ,
        action=f"{model._meta.model_name}.list",
        object_type=model._meta.label_lower,
        object_label=f"{model._meta.verbose_name}列表",
        extra={"count": count, "filters": dict(filters)},
    )


def data_exported(*, actor, model: type[Model], count: int, filters: Mapping[str, Any]) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.EXPORT,
        action=f"{model._meta.model_name}.export",
        object_type=model._meta.label_lower,
        object_label=f"{model._meta.verbose_name}导出",
        extra={"count": count, "filters": dict(filters)},
    )


def login_succeeded(*, user) -> AuditEvent:
    return _record(actor=user, category=Category.AUTH, action="auth.login", obj=user)


def login_failed(*, username: str) -> AuditEvent:
    return _record(
        actor=username[:150] or "匿名",
        category=Category.AUTH,
        action="auth.login_failed",
        object_type="accounts.user",
        object_label=username[:150],
        region_code="",
    )


def logged_out(*, user) -> AuditEvent:
    return _record(actor=user, category=Category.AUTH, action="auth.logout", obj=user)


def demo_data_loaded(*, scale: str, counts: Mapping[str, int]) -> AuditEvent:
    return _record(
        actor=None,
        category=Category.CHANGE,
        action="registry.demo_data_loaded",
        object_type="registry",
        object_label=f"演示数据（{scale}）",
        region_code="",
        extra={"scale": scale, "counts": dict(counts)},
    )


def _matter_region(matter) -> str | None:
    region = getattr(matter, "route_region", None)
    return region.code if region is not None else None


def matter_submitted(*, actor, matter, from_state: str, to_state: str) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.submit",
        obj=matter,
        region_code=_matter_region(matter),
        changes={"state": [from_state, to_state]},
        extra={"verdict": matter.verdict, "catalog_version": matter.catalog_version, "chain": matter.chain},
    )


def matter_decided(
    *, actor, matter, decision: str, from_state: str, to_state: str, reason: str = ""
) -> AuditEvent:
    """An approver's step: approve, reject or send_back; `reason` holds the reason or the justification."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"matter.{decision}",
        obj=matter,
        region_code=_matter_region(matter),
        reason=reason,
        changes={"state": [from_state, to_state]},
        extra={"verdict": matter.verdict, "catalog_version": matter.catalog_version, "reason": reason},
    )


def matter_published(*, actor, matter) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.publish",
        obj=matter,
        region_code=_matter_region(matter),
        extra={"verification_code": matter.verification_code},
    )


def matter_attachment_added(*, actor, matter, name: str, content_type: str, size: int) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.attach",
        obj=matter,
        region_code=_matter_region(matter),
        extra={"name": name, "content_type": content_type, "size": size},
    )


def matter_merged(*, actor, matter, into, from_state: str, reason: str = "") -> AuditEvent:
    """Measures 2 and 12: a pending Matter folded into an earlier one of the same kind (state -> merged)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.merge",
        obj=matter,
        region_code=_matter_region(matter),
        reason=reason,
        changes={"state": [from_state, matter.state], "merged_into": [None, into.pk]},
        extra={"into": into.pk, "into_title": into.title, "into_state": into.state},
    )


def matter_reuse_recorded(*, actor, matter, source, reason: str = "") -> AuditEvent:
    """Measure 12 (互认共享): an inspection reuses an earlier inspection's results and materials."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.reuse",
        obj=matter,
        region_code=_matter_region(matter),
        reason=reason,
        changes={"reuses": [None, source.pk]},
        extra={"source": source.pk, "source_title": source.title},
    )


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
