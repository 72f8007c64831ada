"""Workload thresholds of the year: the city's bureau sets the city's, a county's bureau may set its own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jianfu.accounts.models import Role
from jianfu.burden import selectors
from jianfu.burden.forms import WorkloadSettingForm
from jianfu.burden.services import thresholds
from jianfu.matters.page_forms import current_year
from jianfu.matters.services.plans import MAX_YEAR, MIN_YEAR
from jianfu.web.listing import paginate

SOURCE_LABELS = {"own": "本级设置", "city": "沿用市级设置", "default": "平台默认值（每周6小时、每月24小时）"}
BUREAUS = (Role.CITY_EDU, Role.COUNTY_EDU)


def _year(raw) -> int:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR else current_year()


def _page(request, *, year: int, form=None):
    user = request.user
    region = user.region
    effective = selectors.effective_thresholds(region=region, year=year) if region is not None else None
    may_edit = user.role in BUREAUS and region is not None and region.level in ("city", "county")
    if may_edit and form is None:
        form = WorkloadSettingForm(initial=thresholds.values_of(effective.setting))
    context = {
        "year": year,
        "region": region,
        "effective": effective,
        "values": [
            (label, getattr(effective.setting, field))
            for field, (label, *_) in thresholds.THRESHOLD_FIELDS.items()
        ]
        if effective
        else [],
        "source_label": SOURCE_LABELS[effective.source] if effective else "",
        "may_edit": may_edit,
        "may_reset": may_edit and region.level == "county" and effective.source == "own",
        "form": form if may_edit else None,
        "page": paginate(request, selectors.workload_settings_visible_to(user=user)),
    }
    return render(request, "burden/thresholds.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def threshold_settings(request):
    if request.method == "GET":
        return _page(request, year=_year(request.GET.get("year")))
    year = _year(request.POST.get("year"))
    back = f"{reverse('burden:thresholds')}?year={year}"
    if request.POST.get("intent") == "reset":
        try:
            thresholds.workload_setting_reset(actor=request.user, year=year)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, f"已删除本旗县区{year}年度的单独预警线，恢复沿用市级设置，预警已重新统计。"
            )
        return redirect(back)
    thresholds.threshold_region(actor=request.user)  # 403 for roles that may not, before anything else
    form = WorkloadSettingForm(request.POST)
    if not form.is_valid():
        return _page(request, year=year, form=form)
    try:
        thresholds.workload_setting_save(
            actor=request.user,
            year=year,
            values={field: form.cleaned_data[field] for field in thresholds.THRESHOLD_FIELDS},
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _page(request, year=year, form=form)
    messages.success(
        request, f"{year}年度工作量预警线已保存，预警已按新值重新统计；修改前后的值已记入审计日志。"
    )
    return redirect(back)
