"""Events of oversight (jianfu.oversight, measure 20): reports received, case steps, escalations, evidence read,
accountability recorded, and the case library fed by founded cases.

An anonymous report's receipt is written with the request's origin withheld: no account, no address, no device
and no request id (which a proxy's log could tie to an address) — the row names "匿名举报人" and nothing else
about who sent it.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from jianfu.audit import context
from jianfu.audit.events.base import Category, _record
from jianfu.audit.models import AuditEvent

ANONYMOUS_REPORTER = "匿名举报人"


@contextmanager
def _origin_withheld() -> Iterator[None]:
    token = context.bind(context.RequestContext())
    try:
        yield
    finally:
        context.reset(token)


def _case_region(case) -> str:
    return case.route_region.code


def report_received(*, report, case) -> AuditEvent:
    extra = {
        "channel": report.channel,
        "anonymous": report.is_anonymous,
        "evidence": report.evidence.count(),
        "case": case.pk,
        "route_region": case.route_region.code,
        "verdict": report.verdict,
    }
    if not report.is_anonymous:
        return _record(
            actor=report.reporter,
            category=Category.CHANGE,
            action="report.receive",
            obj=report,
            region_code=_case_region(case),
            extra=extra,
        )
    with _origin_withheld():
        return _record(
            actor=ANONYMOUS_REPORTER,
            category=Category.CHANGE,
            action="report.receive",
            obj=report,
            region_code=_case_region(case),
            extra=extra,
        )


def case_stepped(*, actor, case, action: str, from_state: str, to_state: str, note: str = "") -> AuditEvent:
    """A handling step (accept, investigate, conclude, respond, close)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"case.{action}",
        obj=case,
        region_code=_case_region(case),
        reason=note,
        changes={"state": [from_state, to_state]},
        extra={"conclusion": case.conclusion} if action == "conclude" else {},
    )


def case_escalated(*, case, deadline: str, due_on) -> AuditEvent:
    return _record(
        actor="系统",
        category=Category.CHANGE,
        action="case.escalate",
        obj=case,
        region_code=_case_region(case),
        changes={"escalation_region": [None, case.escalation_region.code if case.escalation_region else ""]},
        extra={"deadline": deadline, "due_on": due_on.isoformat(), "state": case.state},
    )


def accountability_recorded(*, actor, record) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="accountability.create",
        obj=record,
        region_code=record.region.code,
        changes={
            "department_name": [None, record.department_name],
            "person": [None, record.person],
            "measure": [None, record.measure],
            "action": [None, record.action],
        },
        extra={"case": record.case_id},
    )


def evidence_downloaded(*, actor, evidence, case) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.READ,
        action="evidence.download",
        obj=evidence,
        region_code=_case_region(case),
        extra={"case": case.pk},
    )
