"""Proctoring page (measure 8): a school assigns proctors for a period and swaps one by hand."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accounts.models import Role
from jianfu.burden import selectors
from jianfu.burden.forms import ProctoringForm, ProctoringHoursForm, ReplaceForm
from jianfu.burden.services import proctoring
from jianfu.burden.views.ledger import _errors
from jianfu.web.listing import paginate


@login_required
@require_http_methods(["GET", "POST"])
def proctoring_page(request):
    user = request.user
    if user.role not in (Role.SCHOOL_ADMIN, Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR):
        raise PermissionDenied("监考安排仅供学校和教育部门查看")
    may_assign = user.role == Role.SCHOOL_ADMIN
    form = ProctoringForm(request.POST or None) if may_assign else None
    if request.method == "POST":
        if not may_assign:
            raise PermissionDenied("只有承办考试的学校管理员可以安排监考")
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = proctoring.proctors_assign(
                    actor=user,
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    exclusions={"*": {"subjects": data["exclude_subjects"]}},
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"已安排监考：每人本年度监考最多{run.optimum}次（下界{run.lower_bound}次，上限{run.cap}次）。",
                )
                return redirect("burden:proctoring")
    context = {
        "form": form,
        "page": paginate(request, selectors.assignments_visible_to(user=user)),
        "runs": selectors.runs_visible_to(user=user)[:5],
        "replace_form": ReplaceForm(teachers=selectors.school_teachers(user=user)) if may_assign else None,
        "awaiting": list(selectors.exams_awaiting_hours(user=user, today=timezone.localdate()))
        if may_assign
        else [],
    }
    return render(request, "burden/proctoring.html", context)


@login_required
@require_POST
def replace(request, assignment_id: int):
    if request.user.role != Role.SCHOOL_ADMIN:
        raise PermissionDenied("只有承办考试的学校管理员可以安排监考")
    form = ReplaceForm(request.POST, teachers=selectors.school_teachers(user=request.user))
    if not form.is_valid():
        messages.error(request, "请选择教师并写明调整理由")
        return redirect("burden:proctoring")
    try:
        proctoring.proctor_replace(
            actor=request.user,
            assignment_id=assignment_id,
            teacher_id=form.cleaned_data["teacher"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "已调整监考安排，并记入审计日志。")
    return redirect("burden:proctoring")


@login_required
@require_POST
def record_hours(request, matter_id: int):
    """After an exam: its proctors' hours into the burden ledger."""
    form = ProctoringHoursForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写每人监考小时数（0.01至24）")
        return redirect("burden:proctoring")
    try:
        entries = proctoring.proctoring_record_hours(
            actor=request.user, matter_id=matter_id, hours=form.cleaned_data["hours"]
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, f"已将{len(entries)}名监考教师的工时记入负担台账。")
    return redirect("burden:proctoring")
