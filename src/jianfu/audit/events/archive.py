"""Measures 17-18: the teacher e-archive (jianfu.archive)."""

from collections.abc import Mapping
from typing import Any

from jianfu.audit.events.base import Category, _record, diff
from jianfu.audit.models import AuditEvent

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
