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


# --- measures 15-16: imports from the national teacher and student systems (jianfu.imports) -------------------


def people_imported(
    *,
    actor,
    model: type[Model],
    file_name: str,
    file_sha256: str,
    counts: Mapping[str, Any],
    school=None,
    skip_bad_rows: bool = False,
) -> AuditEvent:
    """One import written (teachers or students, with their record groups): the counts, never the rows; `actor`
    is None for the command line."""
    region = school.region.code if school is not None else None
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"{model._meta.model_name}.import",
        object_type=model._meta.label_lower,
        object_label=f"{model._meta.verbose_name}导入：{file_name}",
        region_code=region,
        extra={
            "file_name": file_name,
            "file_sha256": file_sha256,
            "counts": dict(counts),
            "school": school.code if school is not None else "",
            "skip_bad_rows": skip_bad_rows,
        },
    )


# --- measure 16: student data exports between institutions (jianfu.sharing) -----------------------------------


def student_export_snapshot(export) -> dict[str, Any]:
    """What the audit rows record of a request (the services take it before a change, to diff)."""
    return {
        "number": export.number,
        "requester": export.requester_label,
        "purpose": export.purpose,
        "fields": list(export.fields),
        "schools": sorted(school.pk for school in export.schools.all()),
        "expires_on": export.expires_on.isoformat(),
        "status": export.status,
    }


def student_export_saved(*, actor, export, old: Mapping[str, Any]) -> AuditEvent:
    """A requesting institution saved (created, changed or submitted) its request; `old` is {} when new."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="studentexportrequest.submit" if export.status == "submitted" else "studentexportrequest.save",
        obj=export,
        region_code=export.route_region.code,
        changes=diff(old, student_export_snapshot(export)),
    )


def student_export_decided(*, actor, export, from_status: str) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="studentexportrequest.approve"
        if export.status == "approved"
        else "studentexportrequest.reject",
        obj=export,
        region_code=export.route_region.code,
        reason=export.decision_reason,
        changes={
            "status": [from_status, export.status],
            "allow_unmasked_id": [False, export.allow_unmasked_id],
        },
        extra=student_export_snapshot(export),
    )


def student_export_downloaded(*, actor, export, count: int) -> AuditEvent:
    """A personal-data read: the file of an approved request, `count` students, as the approval allowed."""
    return _record(
        actor=actor,
        category=Category.READ,
        action="studentexportrequest.download",
        obj=export,
        region_code=export.route_region.code,
        reason=export.purpose[:200],
        extra={**student_export_snapshot(export), "count": count, "unmasked_id": export.allow_unmasked_id},
    )


# --- measures 17-18: the teacher e-archive (jianfu.archive) ----------------------------------------------------
# Reads name the teacher as their object (registry.teacher), so the teacher's "谁查看了我的档案" finds them.


def _archive_region(teacher) -> str:
    return teacher.school.region.code


def archive_entry_created(*, actor, entry, values: Mapping[str, Any]) -> AuditEvent:
    """A new entry, or a new draft version of a verified one (`previous` in extra)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="archiveentry.create",
        obj=entry,
        region_code=_archive_region(entry.teacher),
        changes={key: [None, value] for key, value in values.items()},
        extra={"teacher": entry.teacher_id, "version": entry.version, "previous": entry.previous_id},
    )


def archive_entry_changed(*, actor, entry, old: Mapping[str, Any], new: Mapping[str, Any]) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="archiveentry.update",
        obj=entry,
        region_code=_archive_region(entry.teacher),
        changes=diff(old, new),
        extra={"teacher": entry.teacher_id, "version": entry.version},
    )


def archive_entry_submitted(*, actor, entry, from_status: str) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="archiveentry.submit",
        obj=entry,
        region_code=_archive_region(entry.teacher),
        changes={"status": [from_status, entry.status]},
        extra={"teacher": entry.teacher_id, "version": entry.version},
    )


def archive_entry_reviewed(
    *, actor, entry, old: Mapping[str, Any], new: Mapping[str, Any], replaced=None
) -> AuditEvent:
    """The school verified or rejected an entry (old/new status and note); `replaced` is the earlier version."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="archiveentry.verify" if entry.status == "verified" else "archiveentry.reject",
        obj=entry,
        region_code=_archive_region(entry.teacher),
        reason=entry.note,
        changes=diff(old, new),
        extra={
            "teacher": entry.teacher_id,
            "version": entry.version,
            "replaced": replaced.pk if replaced is not None else None,
        },
    )


def archive_file_added(*, actor, archive_file) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="archivefile.create",
        obj=archive_file,
        region_code=_archive_region(archive_file.entry.teacher),
        extra={
            "entry": archive_file.entry_id,
            "name": archive_file.display_name,
            "content_type": archive_file.content_type,
            "size": archive_file.size,
            "sha256": archive_file.sha256,
        },
    )


def archive_file_removed(*, actor, archive_file) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="archivefile.delete",
        obj=archive_file,
        region_code=_archive_region(archive_file.entry.teacher),
        extra={
            "entry": archive_file.entry_id,
            "name": archive_file.display_name,
            "sha256": archive_file.sha256,
        },
    )


def archive_viewed(*, actor, teacher, grant=None) -> AuditEvent:
    """A personal-data read of a teacher's archive page; a department's read names its grant and purpose."""
    return _record(
        actor=actor,
        category=Category.READ,
        action="archive.view",
        obj=teacher,
        region_code=_archive_region(teacher),
        reason=grant.purpose if grant is not None else "",
        extra={"grant": grant.pk if grant is not None else None},
    )


def archive_file_downloaded(*, actor, archive_file, grant=None) -> AuditEvent:
    teacher = archive_file.entry.teacher
    return _record(
        actor=actor,
        category=Category.READ,
        action="archive.download",
        obj=teacher,
        region_code=_archive_region(teacher),
        reason=grant.purpose if grant is not None else "",
        extra={
            "file": archive_file.pk,
            "entry": archive_file.entry_id,
            "name": archive_file.display_name,
            "grant": grant.pk if grant is not None else None,
        },
    )


def archive_grant_created(*, actor, grant, schools) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="archiveaccessgrant.create",
        obj=grant,
        region_code=grant.region.code,
        reason=grant.purpose,
        extra={
            "department": grant.department_id,
            "teacher": grant.teacher_id,
            "schools": sorted(school.pk for school in schools),
            "expires_at": grant.expires_at.isoformat(),
        },
    )


def archive_grant_revoked(*, actor, grant) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="archiveaccessgrant.revoke",
        obj=grant,
        region_code=grant.region.code,
        reason=grant.purpose,
        changes={"revoked_at": [None, grant.revoked_at.isoformat()]},
        extra={"department": grant.department_id, "teacher": grant.teacher_id},
    )


# --- measures 15-17: data requests answered from the registry first (jianfu.datahub) ---------------------------


def data_request_fulfilled(*, actor, delivery, tasks: int) -> AuditEvent:
    """An approved data request: held fields delivered from the registry, forms issued only for new ones."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="datadelivery.create",
        obj=delivery,
        region_code=_matter_region(delivery.matter) or "",
        extra={
            "matter": delivery.matter_id,
            "fields": [item["code"] for item in delivery.fields],
            "people": delivery.people,
            "served": delivery.served,
            "asked": delivery.asked,
            "tasks": tasks,
        },
    )


def field_values_answered(*, actor, task, field_ids, completed: bool) -> AuditEvent:
    """A teacher's answers to a data request's form: which fields, never the values (they are personal data)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="teacherfieldvalue.answer",
        obj=task,
        extra={
            "matter": task.delivery.matter_id,
            "teacher": task.teacher_id,
            "fields": sorted(field_ids),
            "completed": completed,
        },
    )


def data_delivery_downloaded(*, actor, delivery, rows: int) -> AuditEvent:
    """A personal-data read: the requesting department downloads what the registry delivers for its request."""
    return _record(
        actor=actor,
        category=Category.READ,
        action="datadelivery.download",
        obj=delivery,
        region_code=_matter_region(delivery.matter) or "",
        extra={
            "matter": delivery.matter_id,
            "rows": rows,
            "fields": [item["code"] for item in delivery.fields],
        },
    )
