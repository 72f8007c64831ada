"""Measure 14 after approval: a secondment lasts at most six months; an extension needs the school's and the
teacher's consent, recorded by the education bureau that consented to it."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.matters.models import Kind, Matter, MatterStep, State
from jianfu.matters.services.timeline import step_add
from jianfu.policy.rules import add_months

MAX_MONTHS = 6


def secondment_extend(
    *,
    actor,
    matter_id: int,
    ends_on: dt.date,
    school_consents: bool,
    teacher_consents: bool,
    reason: str = "",
) -> Matter:
    with transaction.atomic():
        matter = scope.access_by_id(actor, Matter, matter_id)
        matter = (
            Matter.objects.select_for_update(of=("self",)).select_related("route_region").get(pk=matter.pk)
        )
        bureau = Role.CITY_EDU if matter.route_region.level == "city" else Role.COUNTY_EDU
        if actor.role != bureau or actor.region_id != matter.route_region_id:
            raise PermissionDenied("只有同意借用的教育局可以办理延期")
        if matter.kind != Kind.SECONDMENT or matter.state != State.APPROVED:
            raise ValidationError({"matter": "只有已批准的借用教师事项可以延期"})
        errors = {}
        if not school_consents:
            errors["school_consents"] = "延期须经学校同意"
        if not teacher_consents:
            errors["teacher_consents"] = "延期须经教师本人同意"
        if ends_on <= matter.ends_on:
            errors["ends_on"] = "新的结束日期应晚于原结束日期"
        elif ends_on >= add_months(matter.ends_on, MAX_MONTHS):
            errors["ends_on"] = f"每次延期不超过{MAX_MONTHS}个月"
        if errors:
            raise ValidationError(errors)
        old = {"ends_on": matter.ends_on}
        matter.ends_on = ends_on
        matter.payload = {**matter.payload, "ends_on": ends_on.isoformat()}
        matter.save(update_fields=["ends_on", "payload", "updated_at"])
        step_add(
            matter=matter,
            action=MatterStep.Action.EXTEND,
            actor=actor,
            from_state=matter.state,
            to_state=matter.state,
            reason=reason,
            extra={
                "ends_on": [old["ends_on"].isoformat(), ends_on.isoformat()],
                "school": True,
                "teacher": True,
            },
        )
        events.object_changed(actor=actor, obj=matter, old=old, new={"ends_on": ends_on}, reason=reason)
    return matter
