"""The case pages of the bureaus and supervisors: the list (open, overdue, escalated), one case with its report,
screening, evidence, timeline and the form of its next step, and the evidence downloads (each one audited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jianfu.audit import events
from jianfu.common import uploads
from jianfu.oversight import cases, replies, selectors, workflow
from jianfu.oversight.forms import ConcludeForm, NoteForm, RespondForm
from jianfu.oversight.models import Case, Conclusion
from jianfu.oversight.views import add_service_errors, area_only
from jianfu.web.listing import paginate

SEVERITY_LABELS = {"block": "禁止", "review": "需审查", "info": "提示"}
STEP_FORMS = {
    "accept": NoteForm,
    "investigate": NoteForm,
    "conclude": ConcludeForm,
    "respond": RespondForm,
    "close": NoteForm,
}
STEP_BUTTONS = {
    "accept": "受理",
    "investigate": "开始调查核实",
    "conclude": "提交核查结论",
    "respond": "发送答复",
    "close": "结案",
}


@login_required
@require_GET
def case_list(request):
    user = request.user
    area_only(user)
    status = request.GET.get("status", "")
    status = status if status in selectors.CASE_FILTERS else ""
    query = request.GET.get("q", "").strip()[:100]
    today = timezone.localdate()
    page = paginate(request, selectors.cases_visible_to(user=user, status=status, query=query, today=today))
    context = {
        "page": page,
        "status": status,
        "query": query,
        "filters": selectors.CASE_FILTERS,
        "today": today,
    }
    return render(request, "oversight/case_list.html", context)


def _initial(case: Case, event: str, template_key: str) -> dict:
    report = case.report
    if event == "conclude":
        # The screening's weightiest finding suggests the measure (findings come most severe first).
        first = report.findings[0] if report.findings else {}
        rule = str(first.get("rule", ""))
        return {
            "measure": first.get("measure"),
            "rule_id": "" if rule.startswith("CASE.") else rule,
            "department_name": report.organizer_name,
            "library_title": report.title,
        }
    if event == "respond" and template_key:
        text = replies.reply_render(
            key=template_key,
            title=report.title,
            organizer=report.organizer_name,
            received=f"{timezone.localtime(report.received_at):%Y年%m月%d日}",
        )
        return {"reply": text} if text else {}
    return {}


def _detail(request, case: Case, *, form=None, status: int = 200):
    user = request.user
    event = workflow.next_event(case)
    may_act = event is not None and selectors.case_may_act(user=user, case=case)
    if may_act and form is None:
        form = STEP_FORMS[event](initial=_initial(case, event, request.GET.get("template", "")))
    report = case.report
    context = {
        "case": case,
        "report": report,
        "steps": selectors.case_steps(case=case),
        "evidence": list(report.evidence.all()),
        "event": event if may_act else None,
        "form": form if may_act else None,
        "button": STEP_BUTTONS.get(event, ""),
        "templates": replies.reply_templates_for(conclusion=case.conclusion) if event == "respond" else [],
        "card": selectors.reporter_card(reporter=report.reporter) if not report.is_anonymous else None,
        "accountability": getattr(case, "accountability", None),
        "overdue": case.is_overdue(),
        "severity_labels": SEVERITY_LABELS,
        "founded": Conclusion.FOUNDED,
    }
    return render(request, "oversight/case_detail.html", context, status=status)


@login_required
@require_GET
def case_detail(request, case_id: int):
    area_only(request.user)
    return _detail(request, selectors.case_by_id(user=request.user, case_id=case_id))


@login_required
@require_POST
def case_step(request, case_id: int, event: str):
    user = request.user
    area_only(user)
    if event not in STEP_FORMS:
        raise Http404
    form = STEP_FORMS[event](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if event == "conclude":
                cases.case_conclude(actor=user, case_id=case_id, **data)
            elif event == "respond":
                cases.case_respond(actor=user, case_id=case_id, reply=data["reply"])
            else:
                service = {"accept": cases.case_accept, "investigate": cases.case_investigate}.get(
                    event, cases.case_close
                )
                service(actor=user, case_id=case_id, note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已{STEP_BUTTONS[event]}。")
            return redirect("oversight:case", case_id=case_id)
    case = selectors.case_by_id(user=user, case_id=case_id)
    if workflow.next_event(case) != event:
        messages.error(request, f"本案当前为“{case.get_state_display()}”，不能{cases.STEP_LABELS[event]}。")
        return redirect("oversight:case", case_id=case_id)
    return _detail(request, case, form=form)


@login_required
@require_GET
def evidence_download(request, evidence_id: int):
    user = request.user
    area_only(user)
    item = selectors.evidence_by_id(user=user, evidence_id=evidence_id)
    with transaction.atomic():
        events.evidence_downloaded(actor=user, evidence=item, case=item.report.case)
    return uploads.upload_response(
        relative=item.storage_name, content_type=item.content_type, display_name=item.display_name
    )
