"""Quota and timing settings of the year (bureaus) and schools' exam weeks (school administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accounts.models import Role
from jianfu.matters import selectors
from jianfu.matters.page_forms import ExamWeekForm, QuotaSettingForm, current_year
from jianfu.matters.services import limits
from jianfu.matters.services.plans import MAX_YEAR, MIN_YEAR
from jianfu.web.listing import paginate

SOURCE_LABELS = {"own": "本级设置", "city": "沿用市级设置", "default": "国家现行做法的默认值"}
BUREAUS = (Role.CITY_EDU, Role.COUNTY_EDU)


def _year(raw) -> int:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR else current_year()


def _quota_page(request, *, year: int, form=None, status=200):
    user = request.user
    region = user.region
    effective = selectors.effective_quota(region=region, year=year) if region is not None else None
    may_edit = user.role in BUREAUS and region is not None
    if may_edit and form is None:
        form = QuotaSettingForm(initial=limits.values_of(effective.setting))
    context = {
        "year": year,
        "region": region,
        "effective": effective,
        "values": [
            (label, getattr(effective.setting, field)) for field, (label, _) in limits.QUOTA_FIELDS.items()
        ]
        if effective
        else [],
        "source_label": SOURCE_LABELS[effective.source] if effective else "",
        "may_edit": may_edit,
        "may_reset": may_edit and region.level == "county" and effective.source == "own",
        "form": form if may_edit else None,
        "page": paginate(request, selectors.quota_settings_visible_to(user=user)),
        "fields": limits.QUOTA_FIELDS,
    }
    return render(request, "matters/quotas.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def quota_settings(request):
    if request.method == "GET":
        return _quota_page(request, year=_year(request.GET.get("year")))
    year = _year(request.POST.get("year"))
    if request.POST.get("intent") == "reset":
        try:
            limits.quota_setting_reset(actor=request.user, year=year)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已删除本旗县区{year}年度的单独设置，恢复沿用市级设置。")
        return redirect(f"{reverse('matters:quotas')}?year={year}")
    limits.setting_region(actor=request.user)  # 403 for roles that may not, before anything else
    form = QuotaSettingForm(request.POST)
    if not form.is_valid():
        return _quota_page(request, year=year, form=form)
    try:
        limits.quota_setting_save(
            actor=request.user,
            year=year,
            values={field: form.cleaned_data[field] for field in limits.QUOTA_FIELDS},
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _quota_page(request, year=year, form=form)
    messages.success(request, f"{year}年度配额与时限已保存，修改前后的值已记入审计日志。")
    return redirect(f"{reverse('matters:quotas')}?year={year}")


def _exam_week_page(request, *, form=None):
    may_add = request.user.role == Role.SCHOOL_ADMIN and request.user.school_id is not None
    context = {
        "page": paginate(request, selectors.exam_weeks_visible_to(user=request.user)),
        "may_add": may_add,
        "form": (form or ExamWeekForm()) if may_add else None,
    }
    return render(request, "matters/exam_weeks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exam_weeks(request):
    if request.method == "GET":
        return _exam_week_page(request)
    form = ExamWeekForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"title": "", "starts_on": None, "ends_on": None}
    try:
        week = limits.exam_week_add(actor=request.user, **data)
    except ValidationError as exc:
        if form.is_valid():
            for message in exc.messages:
                form.add_error(None, message)
        return _exam_week_page(request, form=form)
    messages.success(request, f"已登记{week.title}（{week.starts_on}至{week.ends_on}），期间不安排督查检查。")
    return redirect("matters:exam_weeks")


@login_required
@require_POST
def exam_week_delete(request, exam_week_id: int):
    limits.exam_week_delete(actor=request.user, exam_week_id=exam_week_id)
    messages.success(request, "已删除该考试周。")
    return redirect("matters:exam_weeks")
