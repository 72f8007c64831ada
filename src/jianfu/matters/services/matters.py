"""Drafting and submitting Matters; attachments."""

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.matters import attachments, screening, workflow
from jianfu.matters.intake import Intake, intake_from_data, matter_input_of
from jianfu.matters.models import Attachment, Matter, MatterStep
from jianfu.matters.routing import route_region_for
from jianfu.matters.services.timeline import step_add

Action = MatterStep.Action


def _department_of(actor):
    if actor.role not in scope.MATTER_SUBMITTERS or actor.department_id is None:
        raise PermissionDenied("只有部门或教育局账号可以提交涉校事项")
    return actor.department


def _apply(matter: Matter, intake: Intake, department) -> None:
    matter.kind = intake.kind
    matter.title = intake.title
    matter.description = intake.description
    matter.payload = intake.payload
    matter.teacher = intake.teacher
    matter.starts_on, matter.ends_on = intake.starts_on, intake.ends_on
    matter.comprehensive = intake.comprehensive
    matter.plan_entry = intake.plan_entry
    matter.out_of_plan = intake.kind == "inspection" and intake.plan_entry is None
    matter.chain = workflow.chain_for(kind=intake.kind, organizer_is_education=department.is_education)
    matter.route_region = route_region_for(organizer=department, schools=intake.schools)


def _summary(matter: Matter) -> dict[str, Any]:
    return {
        "kind": matter.kind,
        "title": matter.title,
        "starts_on": matter.starts_on,
        "ends_on": matter.ends_on,
        "route_region": matter.route_region.code if matter.route_region_id else None,
        "chain": matter.chain,
    }


def matter_create_draft(*, actor, data: dict[str, Any]) -> Matter:
    department = _department_of(actor)
    intake = intake_from_data(data=data, user=actor, department=department, strict=False)
    with transaction.atomic():
        matter = Matter(organizer=department, submitted_by=actor)
        _apply(matter, intake, department)
        matter.save()
        matter.schools.set(intake.schools)
        step_add(matter=matter, action=Action.CREATE, actor=actor, to_state=matter.state)
        events.object_created(actor=actor, obj=matter, values=_summary(matter))
    return matter


def matter_update_draft(*, actor, matter_id: int, data: dict[str, Any]) -> Matter:
    department = _department_of(actor)
    intake = intake_from_data(data=data, user=actor, department=department, strict=False)
    with transaction.atomic():
        matter = scope.access_by_id(actor, Matter, matter_id, for_change=True)
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        old = _summary(matter)
        _apply(matter, intake, department)
        matter.save()
        matter.schools.set(intake.schools)
        step_add(
            matter=matter, action=Action.UPDATE, actor=actor, from_state=matter.state, to_state=matter.state
        )
        events.object_changed(actor=actor, obj=matter, old=old, new=_summary(matter))
    return matter


def matter_submit(*, actor, matter_id: int, data: dict[str, Any] | None = None) -> Matter:
    """Screen the Matter (with what the database knows) and send it to the first step of its chain."""
    department = _department_of(actor)
    with transaction.atomic():
        matter = scope.access_by_id(actor, Matter, matter_id, for_change=True)
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        source = data if data is not None else matter_input_of(matter)
        intake = intake_from_data(data=source, user=actor, department=department, strict=True)
        _apply(matter, intake, department)
        snapshot = screening.screen_intake(intake, route_region=matter.route_region, exclude_id=matter.pk)
        matter.verdict = snapshot["verdict"]
        matter.catalog_version = snapshot["catalog_version"]
        matter.findings = snapshot["findings"]
        matter.similar = snapshot["similar"]
        matter.submitted_at = timezone.now()
        matter.justification = ""
        before, after = workflow.fire(matter, "submit")
        matter.save()
        matter.schools.set(intake.schools)
        step_add(
            matter=matter,
            action=Action.SUBMIT,
            actor=actor,
            from_state=before,
            to_state=after,
            extra={"verdict": matter.verdict, "catalog_version": matter.catalog_version},
        )
        events.matter_submitted(actor=actor, matter=matter, from_state=before, to_state=after)
        transaction.on_commit(lambda: screening.index_update(matter))
    return matter


def matter_submit_new(*, actor, data: dict[str, Any]) -> Matter:
    """Create and submit in one go (the API): a Matter that fails validation leaves nothing behind."""
    intake_from_data(
        data=data, user=actor, department=_department_of(actor), strict=True
    )  # every error at once
    with transaction.atomic():
        matter = matter_create_draft(actor=actor, data=data)
        return matter_submit(actor=actor, matter_id=matter.pk, data=data)


def upload_limit() -> int:
    return settings.JIANFU_UPLOAD_MAX_BYTES


def attachment_add(*, actor, matter_id: int, name: str, data: bytes) -> Attachment:
    """Attach a file to a draft: its first bytes must show PDF, an Office document or an image."""
    try:
        content_type = attachments.check(data, name, max_bytes=upload_limit())
    except attachments.AttachmentRejected as exc:
        raise ValidationError({"file": str(exc)}) from None
    with transaction.atomic():
        matter = scope.access_by_id(actor, Matter, matter_id, for_change=True)
        attachment = Attachment(
            matter=matter,
            original_name=name[:200],
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        attachment.file.save(
            f"{attachment.sha256[:16]}{name[name.rfind('.') :][:8]}", ContentFile(data), save=False
        )
        attachment.save()
        events.matter_attachment_added(
            actor=actor, matter=matter, name=name, content_type=content_type, size=len(data)
        )
    return attachment
