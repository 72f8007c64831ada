"""Measure 16: student data exports between institutions (jianfu.sharing)."""

from collections.abc import Mapping
from typing import Any

from jianfu.audit.events.base import Category, _record, diff
from jianfu.audit.models import AuditEvent


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
