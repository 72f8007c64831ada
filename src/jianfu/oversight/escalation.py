"""Escalation of overdue report cases (`jianfu escalate-cases`, daily): a case past the deadline of the step it
is at goes to the level above, once per deadline. A county's case goes to the city bureau, which supervises it
(督办) and may then act on it too; a city case is flagged for the city's supervision, there being no level above
it here. Each escalation writes its timeline and audit rows in the transaction that marks the case."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jianfu.audit import events
from jianfu.oversight.models import Case, CaseState, CaseStep, Deadline

_OVERDUE_STATES = {
    Deadline.ACCEPT: (CaseState.RECEIVED,),
    Deadline.CONCLUDE: (CaseState.ACCEPTED, CaseState.INVESTIGATING),
    Deadline.RESPOND: (CaseState.CONCLUDED,),
}
_DUE_FIELDS = {
    Deadline.ACCEPT: "accept_due_on",
    Deadline.CONCLUDE: "conclude_due_on",
    Deadline.RESPOND: "respond_due_on",
}


def overdue_condition(*, today: dt.date) -> Q:
    """Cases past the deadline of the step they are at."""
    condition = Q(pk__in=[])
    for deadline, states in _OVERDUE_STATES.items():
        condition |= Q(state__in=states, **{f"{_DUE_FIELDS[deadline]}__lt": today})
    return condition


def _escalation_pending(*, today: dt.date) -> Q:
    condition = Q(pk__in=[])
    for deadline, states in _OVERDUE_STATES.items():
        condition |= Q(state__in=states, **{f"{_DUE_FIELDS[deadline]}__lt": today}) & ~Q(
            escalated_for=deadline
        )
    return condition


def cases_escalate_overdue(*, today: dt.date | None = None) -> list[Case]:
    """Escalate every case past its current deadline, once per deadline; the cases escalated. Running it again
    changes nothing."""
    today = today or timezone.localdate()
    escalated = []
    ids = list(
        Case.objects.filter(_escalation_pending(today=today)).order_by("pk").values_list("pk", flat=True)
    )
    for case_id in ids:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("route_region__parent", "report")
                .filter(_escalation_pending(today=today), pk=case_id)
                .first()
            )
            if case is None:  # handled meanwhile
                continue
            deadline, due_on = case.current_deadline
            above = case.route_region.parent
            case.escalation_region = above
            case.escalated_for = deadline
            case.escalated_at = case.escalated_at or timezone.now()
            case.save(update_fields=["escalation_region", "escalated_for", "escalated_at"])
            target = f"{above.name}教育局" if above else f"{case.route_region.name}教育督导部门"
            CaseStep.objects.create(
                case=case,
                action=CaseStep.Action.ESCALATE,
                from_state=case.state,
                to_state=case.state,
                actor_label="系统",
                organisation=target,
                note=f"{Deadline(deadline).label}期限{due_on.isoformat()}已过，升级由{target}督办",
            )
            events.case_escalated(case=case, deadline=deadline, due_on=due_on)
            escalated.append(case)
    return escalated
