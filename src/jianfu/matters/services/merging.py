"""Merging similar Matters and reusing inspection results (measures 2 and 12, 互认共享).

Only the approver of a Matter's current step acts, and only on what the screening listed as similar and the
approver may see. A merge ends the Matter in the final state `merged` (the `merge` event of its chain) pointing
at the earlier Matter it joins; a reuse records which earlier inspection's results and materials this one takes
over. Both Matters get a timeline row; the audit log records the step. Rows are locked in id order.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.matters import merging, selectors, workflow
from jianfu.matters.models import Matter, MatterStep
from jianfu.matters.services.timeline import step_add

Action = MatterStep.Action


def _lock_pair(actor, matter_id: int, other_id) -> tuple[Matter, Matter]:
    """The actor's Matter (404 outside the scope, 403 when it is not at the actor's step) and the similar
    Matter it names (refused unless the screening listed it and the actor may see it), both locked."""
    matter = scope.access_by_id(actor, Matter, matter_id)
    if not workflow.actor_may_decide(actor, matter):
        raise PermissionDenied("该事项当前不在您的审批环节")
    listed = {int(item["id"]) for item in selectors.similar_visible_to(user=actor, matter=matter)}
    other_pk = int(other_id) if str(other_id).isdigit() else None
    if other_pk not in listed:
        raise ValidationError({"other": "只能选择筛查列出的相似事项"})
    rows = {
        row.pk: row
        for row in Matter.objects.select_for_update(of=("self",))
        .select_related("route_region", "organizer")
        .filter(pk__in=[matter.pk, other_pk])
        .order_by("pk")
    }
    matter = rows[matter.pk]
    if not workflow.actor_may_decide(actor, matter):  # decided meanwhile
        raise PermissionDenied("该事项当前不在您的审批环节")
    return matter, rows[other_pk]


def _label(matter: Matter) -> str:
    return f"事项{matter.pk}「{matter.title}」"


def matter_merge(*, actor, matter_id: int, into_id: int, reason: str = "") -> Matter:
    """Merge a pending Matter into an earlier approved or pending one of the same kind."""
    reason = (reason or "").strip()
    with transaction.atomic():
        matter, target = _lock_pair(actor, matter_id, into_id)
        refusal = merging.merge_refusal(matter=matter, target=target)
        if refusal:
            raise ValidationError({"other": refusal})
        before, after = workflow.fire(matter, "merge")
        matter.merged_into = target
        matter.decided_at = timezone.now()
        matter.save()
        why = f"已与{_label(target)}合并" + (f"：{reason}" if reason else "")
        step_add(
            matter=matter,
            action=Action.MERGE,
            actor=actor,
            from_state=before,
            to_state=after,
            reason=why,
            extra={"into": target.pk},
        )
        step_add(
            matter=target,
            action=Action.ABSORB,
            actor=actor,
            from_state=target.state,
            to_state=target.state,
            reason=f"{matter.organizer.name}的{_label(matter)}并入本事项",
            extra={"from": matter.pk},
        )
        events.matter_merged(actor=actor, matter=matter, into=target, from_state=before, reason=why)
    return matter


def matter_reuse_record(*, actor, matter_id: int, source_id: int, reason: str = "") -> Matter:
    """Record that a pending inspection reuses an earlier approved inspection's results and materials."""
    reason = (reason or "").strip()
    with transaction.atomic():
        matter, source = _lock_pair(actor, matter_id, source_id)
        refusal = merging.reuse_refusal(matter=matter, source=source)
        if refusal:
            raise ValidationError({"other": refusal})
        matter.reuses = source
        matter.save(update_fields=["reuses", "updated_at"])
        why = f"沿用{_label(source)}的检查结果和材料，学校不再重复提供" + (f"：{reason}" if reason else "")
        step_add(
            matter=matter,
            action=Action.REUSE,
            actor=actor,
            from_state=matter.state,
            to_state=matter.state,
            reason=why,
            extra={"source": source.pk},
        )
        step_add(
            matter=source,
            action=Action.REUSED,
            actor=actor,
            from_state=source.state,
            to_state=source.state,
            reason=f"检查结果和材料被{matter.organizer.name}的{_label(matter)}沿用",
            extra={"by": matter.pk},
        )
        events.matter_reuse_recorded(actor=actor, matter=matter, source=source, reason=why)
    return matter
