"""Writes of student export requests (measure 16); each in one transaction with its audit row.

Only institutions request: a department's users or a school's administrators (a teacher never does). The education
bureau of the source schools' county decides (the city's when the schools span counties); nothing leaves before
approval or after expiry (selectors and the download view read through `scope.student_exports_receivable_by`).
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.registry.models import Region, School
from jianfu.sharing import exportable
from jianfu.sharing.models import StudentExportRequest

Status = StudentExportRequest.Status
MAX_VALIDITY_DAYS = 90  # a grant for one purpose, not a standing feed: ask again when it runs out


def _require_requester(actor) -> None:
    role = getattr(actor, "role", None)
    if role == Role.DEPARTMENT and actor.department_id:
        return
    if role == Role.SCHOOL_ADMIN and actor.school_id:
        return
    raise PermissionDenied("学生数据只能由部门或学校（机构）申请导出，个人不能申请")


def route_region_for(*, schools: Sequence[School]) -> Region:
    """The county of the source schools when there is one, else the city (its bureau approves)."""
    counties = {school.region_id: school.region for school in schools}
    if len(counties) == 1:
        return next(iter(counties.values()))
    county = next(iter(counties.values()))
    return county.parent or county


def _clean(
    *, actor, purpose: str, fields: Sequence[str], id_justification: str, school_ids: Sequence[int],
    expires_on: dt.date | None,
) -> tuple[list[School], list[str]]:  # fmt: skip
    errors: dict[str, str] = {}
    today = timezone.localdate()
    chosen = exportable.ordered(fields)
    if not purpose.strip():
        errors["purpose"] = "请写明数据用途"
    if not chosen or len(chosen) != len(set(fields)):
        errors["fields"] = "请从学籍字段中选择需要的字段（最少够用）"
    if exportable.ID_NUMBER in chosen and not id_justification.strip():
        errors["id_justification"] = "申请导出身份证件号，须说明必要性"
    ids = {int(pk) for pk in school_ids}
    schools = list(scope.student_export_sources(actor).filter(pk__in=ids).select_related("region__parent"))
    if not ids:
        errors["schools"] = "请选择数据来源学校"
    elif len(schools) != len(ids):
        errors["schools"] = "所选学校不在可申请范围内"
    if expires_on is None:
        errors["expires_on"] = "请填写有效期"
    elif expires_on < today:
        errors["expires_on"] = "有效期不能早于今天"
    elif expires_on > today + dt.timedelta(days=MAX_VALIDITY_DAYS):
        errors["expires_on"] = f"有效期最长{MAX_VALIDITY_DAYS}天，到期后如仍需要请重新申请"
    if errors:
        raise ValidationError(errors)
    return schools, chosen


def student_export_save(
    *, actor, export_id: int | None = None, purpose: str, fields: Sequence[str], id_justification: str = "",
    school_ids: Sequence[int], expires_on: dt.date | None, submit: bool = False,
) -> StudentExportRequest:  # fmt: skip
    """Create or change a draft request of the actor's institution; with `submit`, send it for approval."""
    _require_requester(actor)
    schools, chosen = _clean(
        actor=actor, purpose=purpose, fields=fields, id_justification=id_justification,
        school_ids=school_ids, expires_on=expires_on,
    )  # fmt: skip
    with transaction.atomic():
        if export_id is None:
            export = StudentExportRequest(
                requested_by=actor,
                requester_department_id=actor.department_id if actor.role == Role.DEPARTMENT else None,
                requester_school_id=actor.school_id if actor.role == Role.SCHOOL_ADMIN else None,
            )
            old = {}
        else:
            # Another institution's request, or one already submitted, is out of reach: 404.
            export = scope.access_by_id(actor, StudentExportRequest, export_id, for_change=True)
            export = StudentExportRequest.objects.select_for_update().get(pk=export.pk)
            if export.status != Status.DRAFT:
                raise ValidationError({"status": "申请已提交，不能修改"})
            old = events.student_export_snapshot(export)
        export.purpose = purpose.strip()
        export.fields = chosen
        export.id_justification = id_justification.strip() if exportable.ID_NUMBER in chosen else ""
        export.expires_on = expires_on
        export.route_region = route_region_for(schools=schools)
        if submit:
            export.status, export.submitted_at = Status.SUBMITTED, timezone.now()
        export.save()
        export.schools.set(schools)
        events.student_export_saved(actor=actor, export=export, old=old)
    return export


def student_export_submit(*, actor, export_id: int) -> StudentExportRequest:
    """Send a saved draft for approval (checked again as of today: the expiry may have passed meanwhile)."""
    _require_requester(actor)
    export = scope.access_by_id(actor, StudentExportRequest, export_id, for_change=True)
    return student_export_save(
        actor=actor, export_id=export.pk, purpose=export.purpose, fields=export.fields,
        id_justification=export.id_justification, school_ids=list(export.schools.values_list("pk", flat=True)),
        expires_on=export.expires_on, submit=True,
    )  # fmt: skip


def student_export_decide(
    *, actor, export_id: int, approve: bool, reason: str = "", allow_unmasked_id: bool = False
) -> StudentExportRequest:
    """The bureau of the route region approves or rejects a submitted request; out of its reach → 404.

    A rejection needs a reason, and so does letting ID numbers leave unmasked (only when they were asked for)."""
    if getattr(actor, "role", None) not in (Role.CITY_EDU, Role.COUNTY_EDU):
        raise PermissionDenied("只有教育行政部门可以审批学生数据导出")
    reason = reason.strip()
    with transaction.atomic():
        export = scope.access_by_id(actor, StudentExportRequest, export_id, for_change=True)
        export = StudentExportRequest.objects.select_for_update().get(pk=export.pk)
        if export.status != Status.SUBMITTED:
            raise ValidationError({"status": "该申请已处理"})
        errors = {}
        if not approve and not reason:
            errors["reason"] = "驳回须写明理由"
        if approve and export.expires_on < timezone.localdate():
            errors["expires_on"] = "申请已过有效期，不能批准"
        if approve and allow_unmasked_id:
            if exportable.ID_NUMBER not in export.fields:
                errors["allow_unmasked_id"] = "该申请未申请身份证件号"
            elif not reason:
                errors["reason"] = "允许导出完整身份证件号，须写明理由"
        if errors:
            raise ValidationError(errors)
        from_status = export.status
        export.status = Status.APPROVED if approve else Status.REJECTED
        export.allow_unmasked_id = approve and allow_unmasked_id
        export.decided_by, export.decided_at, export.decision_reason = actor, timezone.now(), reason[:200]
        export.save(
            update_fields=["status", "allow_unmasked_id", "decided_by", "decided_at", "decision_reason"]
        )
        events.student_export_decided(actor=actor, export=export, from_status=from_status)
    return export


def student_export_download_record(*, actor, export: StudentExportRequest, count: int) -> None:
    """Count the download on the request and audit it as a personal-data read (one transaction)."""
    now = timezone.now()
    with transaction.atomic():
        StudentExportRequest.objects.filter(pk=export.pk).update(
            download_count=F("download_count") + 1, last_downloaded_at=now
        )
        events.student_export_downloaded(actor=actor, export=export, count=count)
