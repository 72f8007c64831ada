"""Measure 20 pages: the anonymous WHO-5 check, its results in groups of at least 10, and annual physical exams."""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden import selectors_wellbeing as selectors
from jianfu.burden.models import PhysicalExam, WellbeingResponse
from jianfu.burden.services import wellbeing
from jianfu.burden.views.ledger import _errors
from jianfu.web.listing import EXPORT_LIMIT, excel_response, paginate

AREA = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR)
SCORES = {str(value) for value, _ in wellbeing.WHO5_SCALE}


# --- WHO-5 ------------------------------------------------------------------------------------------------------


def _score(raw: str) -> int:
    return int(raw) if raw in SCORES else -1  # -1: not chosen, refused by the service with its message


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request):
    user = request.user
    if user.role != Role.TEACHER or not user.teacher_id:
        raise PermissionDenied("健康问卷仅供教师本人填写")
    period = wellbeing.period_of(timezone.localdate())
    chosen, errors = {}, []
    if request.method == "POST":
        chosen = {n: request.POST.get(f"item{n}", "") for n in range(1, len(wellbeing.WHO5_ITEMS) + 1)}
        try:
            wellbeing.wellbeing_answer(actor=user, period=period, items=[_score(v) for v in chosen.values()])
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return redirect("burden:wellbeing")
    answered = wellbeing.has_answered(teacher_id=user.teacher_id, period=period)
    context = {
        "period_label": selectors.period_label(period),
        "answered": answered,
        "errors": [] if answered else errors,
        "items": [
            {"number": n, "text": text, "chosen": chosen.get(n, "")}
            for n, text in enumerate(wellbeing.WHO5_ITEMS, start=1)
        ],
        "scale": [(str(value), label) for value, label in wellbeing.WHO5_SCALE],
        "min_group": wellbeing.MIN_GROUP,
    }
    return render(request, "burden/wellbeing_form.html", context)


@login_required
def results(request):
    user = request.user
    allowed = (user.role == Role.SCHOOL_ADMIN and user.school_id) or (user.role in AREA and user.region_id)
    if not allowed:
        raise PermissionDenied("教师健康问卷结果仅供学校管理员、教育局和督导查看")
    periods = selectors.recent_periods(today=timezone.localdate())
    period = request.GET.get("period", "")
    period = period if period in periods else periods[0]
    region_code = request.GET.get("region", "") if user.role in AREA else ""
    board = selectors.wellbeing_results(user=user, period=period, region_code=region_code)
    lines = [*board.rows, *([board.total] if board.total else [])]
    if request.GET.get("export") == "xlsx":
        filters = {"period": period, "region": region_code}
        with transaction.atomic():
            events.data_exported(actor=user, model=WellbeingResponse, count=len(lines), filters=filters)
        return excel_response(
            filename=f"{board.title}-教师身心健康WHO-5-{period}.xlsx",
            title="教师身心健康",
            columns=[
                (board.group_label, lambda r: r.label),
                ("答卷数", lambda r: r.count),
                ("平均指数（0–100）", lambda r: r.mean_index),
                ("指数≤50占比", lambda r: r.low_percent),
                ("说明", lambda r: r.message),
            ],
            rows=lines,
        )
    context = {
        "board": board,
        "period": period,
        "periods": [(p, selectors.period_label(p)) for p in periods],
        "period_label": selectors.period_label(period),
        "region_code": region_code,
        "drillable": user.role in AREA and board.group_label == "旗县区",
        "up": region_code and user.region.code != region_code,
        "min_group": wellbeing.MIN_GROUP,
        "low_wellbeing": wellbeing.LOW_WELLBEING,
    }
    return render(request, "burden/wellbeing_results.html", context)


# --- physical examinations ----------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"


class PhysicalExamForm(forms.Form):
    teacher = forms.IntegerField(
        min_value=1, error_messages={"required": "请选择教师", "invalid": "请选择教师"}
    )
    year = forms.IntegerField(
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请选择年度", "invalid": "年度不正确", "min_value": "年度不正确",
                        "max_value": "年度不正确"},
    )  # fmt: skip
    due_on = forms.DateField(
        error_messages={"required": "请填写应检日期", "invalid": "应检日期格式不正确，请按“年-月-日”填写"}
    )
    done_on = forms.DateField(
        required=False, error_messages={"invalid": "体检日期格式不正确，请按“年-月-日”填写"}
    )


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdecimal() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _years(year: int, today: dt.date) -> list[int]:
    return sorted({*range(today.year - 3, today.year + 2), year}, reverse=True)


@login_required
def physical_exams(request):
    user = request.user
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return _school_exams(request)
    if user.role in AREA and user.region_id:
        return _area_exams(request)
    raise PermissionDenied("教师年度体检仅供学校管理员、教育局和督导查看")


def _school_exams(request):
    user, today, year = request.user, timezone.localdate(), _year(request)
    query, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
    rows = selectors.school_exam_rows(user=user, year=year, today=today, query=query, status=status)
    if request.GET.get("export") == "xlsx":
        rows = list(rows[:EXPORT_LIMIT])
        filters = {"year": year, "q": query, "status": status}
        with transaction.atomic():
            events.data_exported(actor=user, model=PhysicalExam, count=len(rows), filters=filters)
        return excel_response(
            filename=f"{user.school.name}-{year}年教师体检.xlsx",
            title=f"{year}年教师体检",
            columns=[
                ("教师", lambda t: t.name),
                ("任教学科", lambda t: t.subject),
                ("应检日期", lambda t: t.exam_due),
                ("体检日期", lambda t: t.exam_done),
                ("状态", lambda t: selectors.EXAM_STATUSES[t.exam_status][0]),
            ],
            rows=rows,
        )
    context = {
        "school": user.school,
        "year": year,
        "years": _years(year, today),
        "today": today,
        "query": query,
        "status": status,
        "statuses": [(value, label) for value, (label, _) in selectors.EXAM_STATUSES.items()],
        "labels": selectors.EXAM_STATUSES,
        "page": paginate(request, rows),
    }
    return render(request, "burden/physical_exams_school.html", context)


def _area_exams(request):
    user, today, year = request.user, timezone.localdate(), _year(request)
    query, region_code = request.GET.get("q", "").strip(), request.GET.get("region", "")
    rows = selectors.area_exam_rows(user=user, year=year, today=today, query=query, region_code=region_code)
    if request.GET.get("export") == "xlsx":
        filters = {"year": year, "q": query, "region": region_code}
        with transaction.atomic():
            events.data_exported(actor=user, model=PhysicalExam, count=len(rows), filters=filters)
        return excel_response(
            filename=f"{user.region.name}-{year}年教师体检汇总.xlsx",
            title=f"{year}年教师体检汇总",
            columns=[
                ("旗县区", lambda r: r.school.region.name),
                ("学校", lambda r: r.school.name),
                ("在岗教师", lambda r: r.teachers),
                ("已检", lambda r: r.done),
                ("应检", lambda r: r.due),
                ("逾期", lambda r: r.overdue),
                ("未安排", lambda r: r.unscheduled),
                ("体检覆盖率", lambda r: r.coverage),
            ],
            rows=rows,
        )
    context = {
        "year": year,
        "years": _years(year, today),
        "query": query,
        "region_code": region_code,
        "counties": selectors.county_choices(user=user),
        "page": paginate(request, rows),
    }
    return render(request, "burden/physical_exams_area.html", context)


@login_required
@require_POST
def record_physical_exam(request):
    form = PhysicalExamForm(request.POST)
    keep = {k: request.POST.get(k, "") for k in ("year", "q", "status", "page")}
    back = reverse("burden:physical_exams") + "?" + urlencode({k: v for k, v in keep.items() if v})
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    data = form.cleaned_data
    try:
        exam = wellbeing.physical_exam_record(
            actor=request.user,
            teacher_id=data["teacher"],
            year=data["year"],
            due_on=data["due_on"],
            done_on=data["done_on"],
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, f"已保存{exam.teacher.name}的{exam.year}年体检登记。")
    return redirect(back)
