"""Approvers' steps: approve, reject with a reason, send back; batch approval of routine Matters.

What must hold before approving: the screening did not block; a `review` verdict comes with the approver's
written justification; at the final approval the timing rules still hold and the quotas have a free slot
(taken under a row lock, quotas.reserve). Everything happens in one transaction with its audit rows, so a
refused approval changes nothing.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.datahub import services as datahub
from jianfu.matters import codes, quotas, screening, workflow
from jianfu.matters.models import Chain, Matter, MatterStep, State
from jianfu.matters.services.timeline import organisation_of, step_add

Action = MatterStep.Action
NEEDS_REASON = {"reject": "请填写不予批准的理由", "send_back": "请填写退回修改的理由"}


def _check_approval(matter: Matter, reason: str) -> None:
    if matter.verdict == "block":
        raise ValidationError({"action": "筛查结论为“禁止”，该事项不能批准；请不予批准或退回修改"})
    if matter.verdict == "review" and not reason:
        raise ValidationError({"reason": "筛查提出了需审查的意见，批准前请写明可以接受的理由"})


def _check_final(matter: Matter) -> None:
    """At publication the Matter is screened again as of today (an inspection approved too late to be announced
    ahead, an exam week set since), then the quotas (locks their counters until the transaction ends)."""
    now = screening.rescreen(matter)
    blocks = [finding["message"] for finding in now["findings"] if finding["severity"] == "block"]
    if blocks:
        raise ValidationError({"screening": blocks})
    quotas.reserve(matter)


def _publish(matter: Matter, actor) -> None:
    for _ in range(10):
        code = codes.new_code()
        if not Matter.objects.filter(verification_code=code).exists():
            break
    else:  # pragma: no cover - 31^8 codes
        raise IntegrityError("no free verification code")
    matter.verification_code = code
    matter.approved_by = actor
    matter.approved_by_label = organisation_of(actor)
    matter.decided_at = timezone.now()


class StepAlreadyDecided(PermissionDenied):
    """The step the actor was the approver of was decided meanwhile: the loser of two approvers deciding at
    once, or a second submit of the same form. A PermissionDenied still, so every caller refuses it as before."""


def _step_already_decided(actor, matter: Matter) -> StepAlreadyDecided | None:
    """Why `actor` may not decide now, when the Matter's last change of state left a step that was theirs."""
    step = (
        matter.steps.exclude(from_state="").exclude(from_state=F("to_state")).order_by("-at", "-id").first()
    )
    if step is None or not workflow.actor_may_decide(actor, matter, state=step.from_state):
        return None
    if step.actor_id == actor.pk:
        return StepAlreadyDecided(f"您已办理过这一审批环节（{step.get_action_display()}），请勿重复提交。")
    return StepAlreadyDecided(
        f"这一审批环节已由其他审批人（{step.actor_label}）办理（{step.get_action_display()}），"
        "您的操作未执行，事项未作更改。请查看事项的当前状态。"
    )


def matter_decide(*, actor, matter_id: int, action: str, reason: str = "") -> Matter:
    """One approver's step on a Matter in their inbox; 404 if they cannot see it, 403 if it is not theirs
    (StepAlreadyDecided when it was theirs but someone decided it first)."""
    if action not in workflow.ACTIONS:
        raise ValidationError({"action": "操作应为 approve、reject 或 send_back"})
    reason = (reason or "").strip()
    with transaction.atomic():
        matter = scope.access_by_id(actor, Matter, matter_id)
        matter = (
            Matter.objects.select_for_update(of=("self",))
            .select_related("route_region", "organizer")
            .get(pk=matter.pk)
        )
        if not workflow.actor_may_decide(actor, matter):
            # Read under the Matter's row lock: the winner of a race has committed its step by now.
            raise _step_already_decided(actor, matter) or PermissionDenied("该事项当前不在您的审批环节")
        if action in NEEDS_REASON and not reason:
            raise ValidationError({"reason": NEEDS_REASON[action]})
        final = False
        if action == "approve":
            _check_approval(matter, reason)
            final = workflow.is_final_approval(matter)
            if final:
                _check_final(matter)
        before, after = workflow.fire(matter, action)
        if action == "approve" and reason:
            matter.justification = reason
        if after in workflow.PARTY_STATES:
            matter.party_reached_at = timezone.now()
        if after == State.APPROVED:
            _publish(matter, actor)
        elif after == State.REJECTED:
            matter.decided_at = timezone.now()
        matter.save()
        step_add(matter=matter, action=action, actor=actor, from_state=before, to_state=after, reason=reason)
        events.matter_decided(
            actor=actor, matter=matter, decision=action, from_state=before, to_state=after, reason=reason
        )
        if after == State.APPROVED:
            _after_publication(matter, actor)
    return matter


def _after_publication(matter: Matter, actor) -> None:
    if matter.chain == Chain.INSPECTION:
        # Measure 2: once the party committee approves, the education bureau of that level coordinates it.
        region = matter.route_region
        step_add(
            matter=matter,
            action=Action.COORDINATE,
            organisation=f"{region.name}教育局",
            reason="由同级教育部门统筹协调实施",
        )
    step_add(
        matter=matter,
        action=Action.PUBLISH,
        actor=actor,
        to_state=State.APPROVED,
        reason=f"列入白名单，核验码 {matter.display_code}",
    )
    events.matter_published(actor=actor, matter=matter)
    # Measure 15: a data request is answered from the registry first; only missing fields reach teachers.
    datahub.data_request_fulfil(actor=actor, matter=matter)


def matters_approve_routine(*, actor, matter_ids: Iterable[int]) -> tuple[list[int], dict[int, str]]:
    """Approve each routine Matter (screening `pass`) in its own transaction; the rest are skipped with why."""
    approved, skipped = [], {}
    for matter_id in dict.fromkeys(int(pk) for pk in matter_ids):
        verdict = (
            scope.visible_to(actor, Matter).filter(pk=matter_id).values_list("verdict", flat=True).first()
        )
        if verdict is None:
            skipped[matter_id] = "不存在或不在您的数据范围内"
            continue
        if verdict != "pass":
            skipped[matter_id] = "筛查有意见，须逐件审批"
            continue
        try:
            matter_decide(actor=actor, matter_id=matter_id, action="approve")
        except (ValidationError, PermissionDenied, Http404) as exc:
            skipped[matter_id] = "；".join(_messages(exc))
        else:
            approved.append(matter_id)
    return approved, skipped


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or "无权办理"]
