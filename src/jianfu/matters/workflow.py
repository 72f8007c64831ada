"""Approval chains as state machines (python-statemachine), one class per chain, all over Matter.state.

A machine only knows which step follows which; who may take a step is `actor_may_decide`, and what must hold
before the final approval (screening, justification, quotas, timing) is checked by services.decisions, which
then asks the machine. The machine's own guard refuses to approve a Matter the screening blocked, whatever the
caller checked.

Every chain has a `merge` event (measures 2 and 12, 互认共享): the approver of a pending step folds the Matter
into an earlier one of the same kind, and it ends in the final state `merged` (services.merging).
"""

from statemachine import State as S
from statemachine import StateMachine

from jianfu.accounts.models import Role
from jianfu.matters.models import Chain, Kind, Matter, State


def _not_blocked(machine) -> bool:
    return machine.model.verdict != "block"


class BureauApproval(StateMachine):
    """Education bureau's own Matters; campus activities, social exams and other demands: bureau approval."""

    draft = S("草稿", initial=True, value=State.DRAFT)
    returned = S("退回修改", value=State.RETURNED)
    bureau_review = S("教育部门审批", value=State.BUREAU_REVIEW)
    approved = S("已批准", final=True, value=State.APPROVED)
    rejected = S("不予批准", final=True, value=State.REJECTED)
    merged = S("已合并", final=True, value=State.MERGED)

    submit = draft.to(bureau_review) | returned.to(bureau_review)
    approve = bureau_review.to(approved, cond="not_blocked")
    reject = bureau_review.to(rejected)
    send_back = bureau_review.to(returned)
    merge = bureau_review.to(merged)

    not_blocked = _not_blocked


class InspectionApproval(StateMachine):
    """Measure 2: another department's inspection → education bureau consultation → party committee approval."""

    draft = S("草稿", initial=True, value=State.DRAFT)
    returned = S("退回修改", value=State.RETURNED)
    consultation = S("教育部门会商", value=State.CONSULTATION)
    party_review = S("党委审批", value=State.PARTY_REVIEW)
    approved = S("已批准", final=True, value=State.APPROVED)
    rejected = S("不予批准", final=True, value=State.REJECTED)
    merged = S("已合并", final=True, value=State.MERGED)

    submit = draft.to(consultation) | returned.to(consultation)
    approve = consultation.to(party_review, cond="not_blocked") | party_review.to(
        approved, cond="not_blocked"
    )
    reject = consultation.to(rejected) | party_review.to(rejected)
    send_back = consultation.to(returned) | party_review.to(returned)
    merge = consultation.to(merged) | party_review.to(merged)

    not_blocked = _not_blocked


class SecondmentApproval(StateMachine):
    """Measure 14: county-or-higher education bureau consent → party committee filing."""

    draft = S("草稿", initial=True, value=State.DRAFT)
    returned = S("退回修改", value=State.RETURNED)
    bureau_review = S("教育部门同意", value=State.BUREAU_REVIEW)
    party_filing = S("党委审批备案", value=State.PARTY_FILING)
    approved = S("已批准", final=True, value=State.APPROVED)
    rejected = S("不予批准", final=True, value=State.REJECTED)
    merged = S("已合并", final=True, value=State.MERGED)

    submit = draft.to(bureau_review) | returned.to(bureau_review)
    approve = bureau_review.to(party_filing, cond="not_blocked") | party_filing.to(
        approved, cond="not_blocked"
    )
    reject = bureau_review.to(rejected) | party_filing.to(rejected)
    send_back = bureau_review.to(returned) | party_filing.to(returned)
    merge = bureau_review.to(merged) | party_filing.to(merged)

    not_blocked = _not_blocked


MACHINES: dict[str, type[StateMachine]] = {
    Chain.EDUCATION_OWN: BureauApproval,
    Chain.BUREAU: BureauApproval,
    Chain.INSPECTION: InspectionApproval,
    Chain.SECONDMENT: SecondmentApproval,
}
TransitionNotAllowed = StateMachine.TransitionNotAllowed
ACTIONS = ("approve", "reject", "send_back")
BUREAU_STATES = (State.CONSULTATION, State.BUREAU_REVIEW)
PARTY_STATES = (State.PARTY_REVIEW, State.PARTY_FILING)


def chain_for(*, kind: str, organizer_is_education: bool) -> str:
    if kind == Kind.SECONDMENT:
        return Chain.SECONDMENT
    if organizer_is_education:
        return Chain.EDUCATION_OWN
    if kind == Kind.INSPECTION:
        return Chain.INSPECTION
    return Chain.BUREAU


def machine_for(matter: Matter) -> StateMachine:
    return MACHINES[matter.chain](matter, state_field="state")


def fire(matter: Matter, event: str) -> tuple[str, str]:
    """Take one step of the Matter's chain; (from, to) states. Raises TransitionNotAllowed."""
    before = matter.state
    machine_for(matter).send(event)
    return before, matter.state


def next_state(matter: Matter, event: str) -> str | None:
    """Where `event` would lead from the current state (None if it is not allowed), without changing anything."""
    machine = machine_for(matter)
    for state in machine.configuration:
        for transition in state.transitions:
            if event in str(transition.event).split():
                return transition.target.value
    return None


def approving_role(matter: Matter, state: str | None = None) -> str | None:
    """The role that acts at the Matter's current step (or at `state`, one it was in) at its routing level."""
    state = matter.state if state is None else state
    if matter.route_region_id is None:
        return None
    if state in BUREAU_STATES:
        return Role.CITY_EDU if matter.route_region.level == "city" else Role.COUNTY_EDU
    if state in PARTY_STATES:
        return Role.PARTY
    return None


def actor_may_decide(user, matter: Matter, state: str | None = None) -> bool:
    """The approver of the current step (or of the step at `state`): the right role at the routing region,
    never the submitter."""
    role = approving_role(matter, state)
    return (
        role is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == role
        and user.region_id == matter.route_region_id
        and user.pk != matter.submitted_by_id
    )


def is_final_approval(matter: Matter) -> bool:
    """Whether approving now publishes the Matter (the last step of its chain)."""
    return next_state(matter, "approve") == State.APPROVED
