"""Annual plan pages (measure 1): published plans for everyone; bureaus open and publish, departments file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jianfu.matters import selectors
from jianfu.matters.page_forms import PlanEntryForm, PlanOpenForm, current_year
from jianfu.matters.services import plans
from jianfu.web.listing import paginate


def _messages_of(exc: ValidationError) -> list[str]:
    return exc.messages


def plan_list(request):
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() else None
    page = paginate(request, selectors.plan_list_for(user=request.user, year=year))
    may_open = selectors.may_open_plan(user=request.user)
    context = {
        "page": page,
        "year": year,
        "may_open": may_open,
        "open_form": PlanOpenForm(initial={"year": current_year() + 1}) if may_open else None,
    }
    return render(request, "matters/plans/list.html", context)


@login_required
@require_POST
def plan_open(request):
    form = PlanOpenForm(request.POST)
    if form.is_valid():
        try:
            plan = plans.plan_open(
                actor=request.user,
                year=form.cleaned_data["year"],
                window_closes_on=form.cleaned_data["window_closes_on"],
            )
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(request, f"{plan}已开启，各部门可以报备。")
            return redirect("plans:detail", plan_id=plan.pk)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("plans:list")


def _detail(request, plan, *, entry_form=None, status=200):
    user = request.user
    may_file = selectors.may_file_into(user=user, plan=plan)
    context = {
        "plan": plan,
        "entries": selectors.plan_entries_of(user=user, plan=plan),
        "may_publish": selectors.may_publish_plan(user=user, plan=plan),
        "may_file": may_file,
        "entry_form": entry_form or (PlanEntryForm() if may_file else None),
    }
    return render(request, "matters/plans/detail.html", context, status=status)


def plan_detail(request, plan_id: int):
    plan = selectors.access_plan_by_id(user=request.user, plan_id=plan_id)
    return _detail(request, plan)


@login_required
@require_POST
def plan_file(request, plan_id: int):
    plan = selectors.access_plan_by_id(user=request.user, plan_id=plan_id)
    plans.filing_department(actor=request.user)  # 403 for roles that do not file, before anything else
    form = PlanEntryForm(request.POST)
    if not form.is_valid():
        return _detail(request, plan, entry_form=form)
    try:
        entry = plans.plan_entry_file(actor=request.user, plan_id=plan.pk, **form.cleaned_data)
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, f"已报备：{entry.title}（{entry.planned_month}月）。")
    return redirect("plans:detail", plan_id=plan.pk)


@login_required
@require_POST
def plan_publish(request, plan_id: int):
    plan = plans.plan_publish(actor=request.user, plan_id=plan_id)
    messages.success(request, f"{plan}已公布。计划外的督查检查须专项审批，并在各处标注“计划外”。")
    return redirect("plans:detail", plan_id=plan.pk)
