"""The handling of a report case as a declared state machine (python-statemachine) over Case.state.

received → accept → accepted → investigate → investigating → conclude → concluded → respond → responded → close →
closed. Steps come in this order only: a step out of order raises TransitionNotAllowed before anything is
written. Who may take a step (the bureau handling the case, or the one above once it escalated) is the data
scope's edit rule; what a step needs (a conclusion, a reply) is checked by oversight.cases.
"""

from statemachine import State as S
from statemachine import StateMachine

from jianfu.oversight.models import Case, CaseState


class CaseHandling(StateMachine):
    received = S("待受理", initial=True, value=CaseState.RECEIVED)
    accepted = S("已受理", value=CaseState.ACCEPTED)
    investigating = S("调查核实中", value=CaseState.INVESTIGATING)
    concluded = S("已办结待答复", value=CaseState.CONCLUDED)
    responded = S("已答复", value=CaseState.RESPONDED)
    closed = S("已结案", final=True, value=CaseState.CLOSED)

    accept = received.to(accepted)
    investigate = accepted.to(investigating)
    conclude = investigating.to(concluded)
    respond = concluded.to(responded)
    close = responded.to(closed)


EVENTS = ("accept", "investigate", "conclude", "respond", "close")
TransitionNotAllowed = StateMachine.TransitionNotAllowed


def fire(case: Case, event: str) -> tuple[str, str]:
    """Take one step; (from, to). Raises TransitionNotAllowed when the case is not at that step."""
    before = case.state
    CaseHandling(case, state_field="state").send(event)
    return before, case.state


def next_event(case: Case) -> str | None:
    """The one step the case is waiting for (None once closed)."""
    machine = CaseHandling(case, state_field="state")
    for state in machine.configuration:
        for transition in state.transitions:
            return str(transition.event)
    return None
