"""Handling a report case: accept, investigate, conclude (founded or unfounded), respond, close; and escalation
of overdue cases. Every step, its timeline row and its audit row share one transaction.

Who: the education bureau the case is routed to, or the one above once the case escalated (the data scope's
edit rule); a case out of scope is a 404 exactly like a missing one, a visible case the user may not handle (a
supervisor, the bureau above before escalation) a PermissionDenied. Order: the state machine
(oversight.workflow) refuses a step out of order before anything is written.

Overdue cases escalate in oversight.escalation. A founded conclusion records accountability (responsible department and person, the measure broken, the action
taken) and enters the violation into the screening case library (policy.ConfirmedCase), so later Matters that
resemble it are flagged. An unfounded one counts against a reporter who reported in their own name (the cards,
oversight.selectors), never against an anonymous report.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.oversight import deadlines, workflow
from jianfu.oversight.models import (
    AccountabilityAction,
    AccountabilityRecord,
    Case,
    CaseStep,
    Conclusion,
)
from jianfu.policy.catalog import default_catalog
from jianfu.policy.models import ConfirmedCase
from jianfu.registry.models import Department

NOTE_MAX, REPLY_MAX, PERSON_MAX, NAME_MAX, LIBRARY_TITLE_MAX = 2000, 2000, 60, 100, 300
STEP_LABELS = {
    "accept": "受理",
    "investigate": "开始调查核实",
    "conclude": "办结",
    "respond": "答复举报人",
    "close": "结案",
}


def _case_for_change(actor, case_id) -> Case:
    """The case locked for a step by `actor`: 404 out of scope (as missing), 403 when only visible."""
    rows = scope.editable_by(actor, Case).select_for_update(of=("self",))
    case = rows.select_related("report", "route_region", "escalation_region").filter(pk=case_id).first()
    if case is not None:
        return case
    if scope.visible_to(actor, Case).filter(pk=case_id).exists():
        raise PermissionDenied("只有承办或督办本案的教育局可以办理")
    raise Http404


def _organisation(actor) -> str:
    return actor.organisation_label or str(actor)


def _step(actor, case: Case, event: str, *, note: str = "", changed: tuple[str, ...] = ()) -> Case:
    """Fire `event` on the locked case, save it, and write its timeline and audit rows."""
    try:
        from_state, to_state = workflow.fire(case, event)
    except workflow.TransitionNotAllowed:
        raise ValidationError(
            {"state": f"本案当前为“{case.get_state_display()}”，不能{STEP_LABELS[event]}"}
        ) from None
    now = timezone.now()
    stamp = {
        "accept": "accepted_at",
        "investigate": "investigating_at",
        "conclude": "concluded_at",
        "respond": "responded_at",
        "close": "closed_at",
    }[event]
    setattr(case, stamp, now)
    case.save(update_fields=["state", stamp, *changed])
    CaseStep.objects.create(
        case=case,
        action=event,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_label=str(actor),
        organisation=_organisation(actor),
        note=note,
        at=now,
    )
    events.case_stepped(
        actor=actor, case=case, action=event, from_state=from_state, to_state=to_state, note=note
    )
    return case


def _note(note: str, *, required: str = "") -> str:
    note = (note or "").strip()
    if required and not note:
        raise ValidationError({"note": required})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"不能超过{NOTE_MAX}字"})
    return note


def case_accept(*, actor, case_id: int, note: str = "") -> Case:
    note = _note(note)
    with transaction.atomic():
        return _step(actor, _case_for_change(actor, case_id), "accept", note=note)


def case_investigate(*, actor, case_id: int, note: str = "") -> Case:
    note = _note(note)
    with transaction.atomic():
        return _step(actor, _case_for_change(actor, case_id), "investigate", note=note)


def _accountability_clean(
    *, measure, rule_id: str, department_name: str, person: str, action: str, action_detail: str
) -> dict:
    errors: dict[str, str] = {}
    try:
        measure = int(measure)
    except (TypeError, ValueError):
        measure = 0
    if not 1 <= measure <= 20:
        errors["measure"] = "请选择违反的条款（第1至20条）"
    rule_id = (rule_id or "").strip()
    rule = default_catalog().by_id(rule_id) if rule_id else None
    if rule_id and rule is None:
        errors["rule_id"] = f"规则目录中没有规则{rule_id}"
    elif rule is not None and rule.measure != measure:
        errors["rule_id"] = "规则与条款不一致"
    department_name = (department_name or "").strip()
    if not department_name:
        errors["department_name"] = "请填写责任部门或单位"
    elif len(department_name) > NAME_MAX:
        errors["department_name"] = f"不能超过{NAME_MAX}字"
    person = (person or "").strip()
    if len(person) > PERSON_MAX:
        errors["person"] = f"不能超过{PERSON_MAX}字"
    if action not in AccountabilityAction.values:
        errors["action"] = "请选择处理方式"
    action_detail = (action_detail or "").strip()
    if len(action_detail) > NOTE_MAX:
        errors["action_detail"] = f"不能超过{NOTE_MAX}字"
    if errors:
        raise ValidationError(errors)
    return {
        "measure": measure,
        "rule_id": rule_id,
        "department_name": department_name,
        "person": person,
        "action": action,
        "action_detail": action_detail,
    }


def case_conclude(
    *,
    actor,
    case_id: int,
    conclusion: str,
    note: str,
    measure: int | str | None = None,
    rule_id: str = "",
    department_name: str = "",
    person: str = "",
    action: str = "",
    action_detail: str = "",
    library_title: str = "",
    library_description: str = "",
) -> Case:
    """Conclude the investigation. Founded: also the accountability record and the case-library entry (its
    title and description written for the library, without names)."""
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": "请选择核查结论（属实或不属实）"})
    note = _note(note, required="请写明核查情况")
    record = None
    if conclusion == Conclusion.FOUNDED:
        record = _accountability_clean(
            measure=measure,
            rule_id=rule_id,
            department_name=department_name,
            person=person,
            action=action,
            action_detail=action_detail,
        )
        library_title = (library_title or "").strip()
        if not library_title or len(library_title) > LIBRARY_TITLE_MAX:
            raise ValidationError({"library_title": f"请填写入库案例标题（不超过{LIBRARY_TITLE_MAX}字）"})
    with transaction.atomic():
        case = _case_for_change(actor, case_id)
        case.conclusion = conclusion
        case.conclusion_note = note
        case.respond_due_on = deadlines.respond_due(timezone.localdate())
        changed = ("conclusion", "conclusion_note", "respond_due_on")
        if record is not None:
            library = _library_add(actor, case, record, library_title, library_description)
            case.confirmed_case = library
            changed = (*changed, "confirmed_case")
        case = _step(actor, case, "conclude", note=note, changed=changed)
        if record is not None:
            _accountability_add(actor, case, record)
    return case


def _library_add(actor, case: Case, record: dict, title: str, description: str) -> ConfirmedCase:
    values = {
        "measure": record["measure"],
        "rule_id": record["rule_id"],
        "title": title,
        "description": (description or "").strip(),
        "organizer_name": record["department_name"],
        "source_note": f"举报案件{case.report.number}核查属实",
    }
    library = ConfirmedCase.objects.create(confirmed_by=actor, **values)
    events.object_created(actor=actor, obj=library, values=values, reason=values["source_note"])
    return library


def _accountability_add(actor, case: Case, record: dict) -> AccountabilityRecord:
    report = case.report
    department = report.organizer
    if department is None or department.name != record["department_name"]:
        department = Department.objects.filter(name=record["department_name"]).first()
    accountability = AccountabilityRecord.objects.create(
        case=case, department=department, region=report.region, recorded_by=actor, **record
    )
    events.accountability_recorded(actor=actor, record=accountability)
    return accountability


def case_respond(*, actor, case_id: int, reply: str) -> Case:
    """Send the reply the reporter reads with the tracking code (and on 我的举报)."""
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": "请填写答复内容"})
    if len(reply) > REPLY_MAX:
        raise ValidationError({"reply": f"不能超过{REPLY_MAX}字"})
    with transaction.atomic():
        case = _case_for_change(actor, case_id)
        case.reply = reply
        return _step(actor, case, "respond", note="", changed=("reply",))


def case_close(*, actor, case_id: int, note: str = "") -> Case:
    note = _note(note)
    with transaction.atomic():
        return _step(actor, _case_for_change(actor, case_id), "close", note=note)
