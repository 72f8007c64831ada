"""Pages of student exports (measure 16): list and search, the request form, approval, the watermarked download."""

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.sharing import exportable, selectors, services, workbook
from jianfu.sharing.models import StudentExportRequest
from jianfu.web.listing import EXPORT_LIMIT, XLSX, excel_response, paginate

Status = StudentExportRequest.Status
MEASURE_16 = "措施第16条：学生信息以国家学籍网数据为基础，机构之间经授权导出，班主任不再重复统计、重复填报学籍已有的信息。"
LIST_COLUMNS = [
    ("申请编号", lambda e: e.number),
    ("申请机构", lambda e: e.requester_label),
    ("数据来源学校", lambda e: "、".join(s.name for s in e.schools.all())),
    ("用途", lambda e: e.purpose),
    ("字段", lambda e: "、".join(exportable.labels(e.fields))),
    ("有效期至", lambda e: e.expires_on),
    ("状态", lambda e: e.get_status_display()),
    ("审批层级", lambda e: e.route_region.name),
    ("审批意见", lambda e: e.decision_reason),
    ("审批时间", lambda e: e.decided_at),
    ("下载次数", lambda e: e.download_count),
    ("最近下载", lambda e: e.last_downloaded_at),
]


def _errors(exc: ValidationError) -> list[str]:
    return [m for group in getattr(exc, "message_dict", {"": exc.messages}).values() for m in group]


def _is_requester(user) -> bool:
    return (user.role == Role.DEPARTMENT and bool(user.department_id)) or (
        user.role == Role.SCHOOL_ADMIN and bool(user.school_id)
    )


@login_required
def export_list(request):
    user = request.user
    if not scope.can_see(user, StudentExportRequest):
        raise PermissionDenied("学生数据导出申请仅供申请机构、教育局和督导查看")
    filters = {"status": request.GET.get("status", ""), "query": request.GET.get("q", "").strip()}
    rows = selectors.export_requests_visible_to(user=user, **filters)
    if request.GET.get("export") == "xlsx":
        rows = list(rows[:EXPORT_LIMIT])
        with transaction.atomic():
            events.data_exported(actor=user, model=StudentExportRequest, count=len(rows), filters=filters)
        return excel_response(
            filename="学生数据导出申请.xlsx", title="学生数据导出申请", columns=LIST_COLUMNS, rows=rows
        )
    context = {
        "page": paginate(request, rows),
        "filters": filters,
        "statuses": [("", "全部"), *Status.choices],
        "can_request": _is_requester(user),
        "measure_note": MEASURE_16,
        "today": timezone.localdate(),
    }
    return render(request, "sharing/export_list.html", context)


def _form_values(request) -> dict:
    return {
        "purpose": request.POST.get("purpose", ""),
        "fields": request.POST.getlist("fields"),
        "id_justification": request.POST.get("id_justification", ""),
        # An id past what a BigAutoField holds names no school (SQLite refused it in the query: 500).
        "school_ids": [
            raw for raw in request.POST.getlist("schools") if raw.isdecimal() and int(raw) < 2**63
        ],
        "expires_on": request.POST.get("expires_on", ""),
    }


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _form_page(request, *, values: dict, export=None, errors=()):
    today = timezone.localdate()
    context = {
        "export": export,
        "values": values,
        "errors": list(errors),
        "fields": exportable.FIELDS,
        "id_key": exportable.ID_NUMBER,
        "typical": exportable.labels(exportable.TYPICAL),
        "schools": selectors.source_choices(user=request.user),
        "today": today,
        "latest": today + dt.timedelta(days=services.MAX_VALIDITY_DAYS),
        "max_days": services.MAX_VALIDITY_DAYS,
        "measure_note": MEASURE_16,
    }
    return render(request, "sharing/export_form.html", context, status=400 if errors else 200)


def _save(request, *, export=None):
    values = _form_values(request)
    try:
        saved = services.student_export_save(
            actor=request.user,
            export_id=export.pk if export else None,
            purpose=values["purpose"],
            fields=values["fields"],
            id_justification=values["id_justification"],
            school_ids=[int(pk) for pk in values["school_ids"]],
            expires_on=_date(values["expires_on"]),
            submit=request.POST.get("intent") == "submit",
        )
    except ValidationError as exc:
        return _form_page(request, values=values, export=export, errors=_errors(exc))
    if saved.status == Status.SUBMITTED:
        messages.success(request, f"申请{saved.number}已提交，等待{saved.route_region.name}教育局审批。")
    else:
        messages.success(request, f"申请{saved.number}已保存为草稿。")
    return redirect("sharing:export_detail", export_id=saved.pk)


@login_required
@require_http_methods(["GET", "POST"])
def export_new(request):
    if not _is_requester(request.user):
        raise PermissionDenied("学生数据只能由部门或学校（机构）申请导出，个人不能申请")
    if request.method == "POST":
        return _save(request)
    values = {
        "purpose": "",
        "fields": list(exportable.TYPICAL),
        "id_justification": "",
        "school_ids": [],
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    return _form_page(request, values=values)


@login_required
@require_http_methods(["GET", "POST"])
def export_edit(request, export_id: int):
    if not _is_requester(request.user):
        raise Http404  # only the requesting institution edits, and only its drafts: anything else is missing
    export = scope.access_by_id(request.user, StudentExportRequest, export_id, for_change=True)
    if request.method == "POST":
        return _save(request, export=export)
    values = {
        "purpose": export.purpose,
        "fields": list(export.fields),
        "id_justification": export.id_justification,
        "school_ids": [str(pk) for pk in export.schools.values_list("pk", flat=True)],
        "expires_on": export.expires_on.isoformat(),
    }
    return _form_page(request, values=values, export=export)


@login_required
def export_detail(request, export_id: int):
    user = request.user
    export = selectors.export_request_for(user=user, export_id=export_id)
    context = {
        "export": export,
        "field_labels": exportable.labels(export.fields),
        "asks_id": exportable.ID_NUMBER in export.fields,
        "schools": export.schools.all(),
        "may_edit": selectors.may_edit(user=user, export=export),
        "may_decide": selectors.may_decide(user=user, export=export),
        "may_download": selectors.may_download(user=user, export=export),
        "students": selectors.students_at_source(user=user, export=export),
        "expired": export.expires_on < timezone.localdate(),
        "measure_note": MEASURE_16,
    }
    return render(request, "sharing/export_detail.html", context)


@login_required
@require_POST
def export_submit(request, export_id: int):
    try:
        export = services.student_export_submit(actor=request.user, export_id=export_id)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, f"申请{export.number}已提交，等待{export.route_region.name}教育局审批。")
    return redirect("sharing:export_detail", export_id=export_id)


@login_required
@require_POST
def export_decide(request, export_id: int):
    approve = request.POST.get("decision") == "approve"
    try:
        export = services.student_export_decide(
            actor=request.user,
            export_id=export_id,
            approve=approve,
            reason=request.POST.get("reason", ""),
            allow_unmasked_id=request.POST.get("allow_unmasked_id") == "on",
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, f"已{'批准' if approve else '驳回'}申请{export.number}。")
    return redirect("sharing:export_detail", export_id=export_id)


@login_required
def export_download(request, export_id: int):
    """The watermarked file, built now from the registry; 404 unless approved, unexpired and the user's own."""
    user, today = request.user, timezone.localdate()
    export = selectors.receivable_export_for(user=user, export_id=export_id)
    students = selectors.released_students(user=user, export=export).iterator(chunk_size=2000)
    content, count = workbook.student_export_workbook(export=export, students=students, day=today)
    services.student_export_download_record(actor=user, export=export, count=count)
    response = HttpResponse(content, content_type=XLSX)
    name = quote(workbook.filename(export=export, day=today))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["Cache-Control"] = "no-store"
    return response
