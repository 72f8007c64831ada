"""Pages of the pipeline for logged-in users: the Matter form, detail with timeline, decisions, the inbox."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accounts import scope
from jianfu.matters import forms, screening, selectors
from jianfu.matters.models import Kind, Matter, State
from jianfu.matters.services import decisions, matters, merging
from jianfu.policy.matter_input import MatterInputError
from jianfu.registry.models import Region, School
from jianfu.web.listing import paginate

SEVERITY_LABELS = {"block": "禁止", "review": "需审查", "info": "提示"}
VERDICT_LABELS = {"block": "禁止", "review": "需审查", "pass": "通过"}


def _errors(exc: Exception) -> list[dict[str, str]]:
    if isinstance(exc, MatterInputError):
        return exc.errors
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return [{"field": f, "message": m} for f, ms in exc.message_dict.items() for m in ms]
    return [{"field": "", "message": m} for m in getattr(exc, "messages", [str(exc)])]


@login_required
def matter_list(request):
    filters = {
        "state": request.GET.get("state", "").strip(),
        "kind": request.GET.get("kind", "").strip(),
        "query": request.GET.get("q", "").strip(),
    }
    page = paginate(request, selectors.matter_list_visible_to(user=request.user, **filters))
    context = {
        "page": page,
        "filters": filters,
        "states": State.choices,
        "kinds": Kind.choices,
        "can_submit": request.user.role in scope.MATTER_SUBMITTERS and request.user.department_id is not None,
    }
    return render(request, "matters/list.html", context)


def _form_context(request, *, values, errors=(), matter=None) -> dict:
    user = request.user
    return {
        "matter": matter,
        "values": values,
        "errors": list(errors),
        "kinds": Kind.choices,
        "schools": scope.visible_to(user, School).select_related("region").order_by("region__code", "name"),
        "regions": Region.objects.filter(level=Region.Level.COUNTY).order_by("code"),
        "all_regions": Region.objects.order_by("code"),
        "plan_entries": selectors.plan_entries_for(department=user.department),
        "date_keys": json.dumps(forms.DATE_KEY),
    }


def _save(request, matter: Matter | None):
    data = forms.input_from_post(request.POST)
    submit = request.POST.get("intent") == "submit"
    try:
        with transaction.atomic():  # a submission that fails validation leaves the Matter as it was
            saved = matter
            if saved is None:
                saved = matters.matter_create_draft(actor=request.user, data=data)
            else:
                matters.matter_update_draft(actor=request.user, matter_id=saved.pk, data=data)
            if submit:
                saved = matters.matter_submit(actor=request.user, matter_id=saved.pk)
    except (MatterInputError, ValidationError) as exc:
        context = _form_context(
            request, values=forms.values_from_input(data), errors=_errors(exc), matter=matter
        )
        return render(request, "matters/form.html", context, status=200)
    messages.success(request, "事项已提交审批。" if submit else "草稿已保存。")
    return redirect("matters:detail", matter_id=saved.pk)


@login_required
@require_http_methods(["GET", "POST"])
def matter_new(request):
    if request.user.role not in scope.MATTER_SUBMITTERS or request.user.department_id is None:
        raise PermissionDenied("只有部门或教育局账号可以提交涉校事项")
    if request.method == "POST":
        return _save(request, None)
    values = {"kind": request.GET.get("kind", Kind.INSPECTION), "targets.teachers": True}
    return render(request, "matters/form.html", _form_context(request, values=values))


@login_required
@require_http_methods(["GET", "POST"])
def matter_edit(request, matter_id: int):
    matter = scope.access_by_id(request.user, Matter, matter_id, for_change=True)
    if request.method == "POST":
        return _save(request, matter)
    values = forms.values_from_input(matters.matter_input_of(matter))
    return render(request, "matters/form.html", _form_context(request, values=values, matter=matter))


@login_required
def matter_detail(request, matter_id: int):
    matter = selectors.access_matter_by_id(user=request.user, matter_id=matter_id)
    context = {
        "matter": matter,
        "steps": selectors.timeline(matter=matter),
        "similar": selectors.similar_side_by_side(user=request.user, matter=matter),
        "merged_into": _visible_or_none(request.user, matter.merged_into_id),
        "merged_from": _visible_list(request.user, matter.merged_from.all()),
        "reuses": _visible_or_none(request.user, matter.reuses_id),
        "reused_by": _visible_list(request.user, matter.reused_by.all()),
        "schools": matter.schools.select_related("region").order_by("code"),
        "attachments": matter.attachments.all(),
        "may_decide": selectors.may_decide(user=request.user, matter=matter),
        "may_edit": scope.editable_by(request.user, Matter).filter(pk=matter.pk).exists(),
        "severity_labels": SEVERITY_LABELS,
        "verdict_label": VERDICT_LABELS.get(matter.verdict, ""),
        "upload_limit_mb": matters.upload_limit() // (1024 * 1024),
    }
    return render(request, "matters/detail.html", context)


def _visible_list(user, matters) -> list[Matter]:
    return list(selectors.readable_matters(user=user).filter(pk__in=matters.values("pk")).order_by("pk"))


def _visible_or_none(user, matter_id: int | None) -> Matter | None:
    if matter_id is None:
        return None
    return selectors.readable_matters(user=user).filter(pk=matter_id).first()


@login_required
@require_POST
def matter_merge(request, matter_id: int):
    """The approver merges this pending Matter into an earlier similar one (measures 2 and 12)."""
    try:
        merged = merging.matter_merge(
            actor=request.user, matter_id=matter_id, into_id=request.POST.get("into", "")
        )
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error["message"])
        return redirect("matters:detail", matter_id=matter_id)
    messages.success(
        request, f"已将本事项与事项{merged.merged_into_id}合并，办理记录已写入两件事项的时间线。"
    )
    return redirect("matters:detail", matter_id=matter_id)


@login_required
@require_POST
def matter_reuse(request, matter_id: int):
    """The approver records that this inspection reuses an earlier inspection's results (互认共享)."""
    try:
        matter = merging.matter_reuse_record(
            actor=request.user, matter_id=matter_id, source_id=request.POST.get("source", "")
        )
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error["message"])
    else:
        messages.success(request, f"已记录沿用事项{matter.reuses_id}的检查结果和材料。")
    return redirect("matters:detail", matter_id=matter_id)


@login_required
@require_POST
def matter_submit(request, matter_id: int):
    try:
        matters.matter_submit(actor=request.user, matter_id=matter_id)
    except (MatterInputError, ValidationError) as exc:
        for error in _errors(exc):
            messages.error(request, f"{error['field'] or '事项'}：{error['message']}")
        return redirect("matters:edit", matter_id=matter_id)
    messages.success(request, "事项已提交审批。")
    return redirect("matters:detail", matter_id=matter_id)


@login_required
@require_POST
def matter_decide(request, matter_id: int):
    action = request.POST.get("action", "")
    try:
        decisions.matter_decide(
            actor=request.user, matter_id=matter_id, action=action, reason=request.POST.get("reason", "")
        )
    except decisions.StepAlreadyDecided as exc:
        # The loser of two approvers deciding at once: not a refusal of their right, so back to the Matter.
        messages.error(request, str(exc))
        return redirect("matters:detail", matter_id=matter_id)
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error["message"])
        return redirect("matters:detail", matter_id=matter_id)
    labels = {"approve": "已同意", "reject": "已作出不予批准决定", "send_back": "已退回修改"}
    messages.success(request, f"{labels.get(action, '已办理')}，办理记录已写入事项时间线和审计日志。")
    return redirect("matters:inbox")


@login_required
@require_POST
def matter_attach(request, matter_id: int):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择文件")
        return redirect("matters:detail", matter_id=matter_id)
    if upload.size > matters.upload_limit():
        messages.error(request, f"文件超过大小上限（{matters.upload_limit() // (1024 * 1024)} MB）")
        return redirect("matters:detail", matter_id=matter_id)
    try:
        matters.attachment_add(actor=request.user, matter_id=matter_id, name=upload.name, data=upload.read())
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error["message"])
    else:
        messages.success(request, "附件已上传。")
    return redirect("matters:detail", matter_id=matter_id)


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
        approved, skipped = decisions.matters_approve_routine(actor=request.user, matter_ids=ids)
        if approved:
            messages.success(request, f"已批量同意{len(approved)}件常规事项。")
        for pk, why in skipped.items():
            messages.error(request, f"事项{pk}未批量办理：{why}")
        return redirect("matters:inbox")
    page = paginate(request, selectors.inbox_for(user=request.user))
    return render(request, "matters/inbox.html", {"page": page, "verdict_labels": VERDICT_LABELS})


@login_required
@require_POST
def screen_preview(request):
    """The live screening of the Matter form: POST /api/v1/screening's answer for a department, and while the
    form is incomplete, the text screened so far with the missing fields listed."""
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponseBadRequest("请求体应为JSON")
    try:
        return JsonResponse(screening.screening_preview(user=request.user, data=data, partial=True))
    except MatterInputError as exc:
        return JsonResponse({"detail": exc.errors}, status=422)
