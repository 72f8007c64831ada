"""Ledger pages: a teacher's own workload and entries (disputes), a school records and resolves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden import selectors, workload
from jianfu.burden.forms import DisputeForm, ParticipationForm, ResolveForm
from jianfu.burden.models import Category, Dispute, LedgerEntry
from jianfu.burden.services import ledger
from jianfu.web.listing import EXPORT_LIMIT, excel_response, paginate


def _errors(exc: ValidationError) -> list[str]:
    return [m for messages_ in getattr(exc, "message_dict", {"": exc.messages}).values() for m in messages_]


@login_required
def my_workload(request):
    user = request.user
    if user.role != Role.TEACHER or not user.teacher_id:
        raise PermissionDenied("“我的工作量”仅供教师本人查看")
    period = workload.Period(timezone.localdate())
    rows = workload.teacher_hours_by_category(teacher_id=user.teacher_id, period=period)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(
                actor=user, model=LedgerEntry, count=len(rows), filters={"mine": period.label}
            )
        return excel_response(
            filename=f"我的工作量-{period.day:%Y-%m}.xlsx",
            title="我的工作量",
            columns=[("类别", lambda r: r["label"]), ("本周（小时）", lambda r: r["week_hours"]),
                     ("本月（小时）", lambda r: r["month_hours"])],
            rows=rows,
        )  # fmt: skip
    setting = workload.setting_for(year=period.day.year, region=user.teacher.school.region)
    month_total = sum((r["month_hours"] for r in rows), workload.ZERO)
    week_total = sum((r["week_hours"] for r in rows), workload.ZERO)
    context = {
        "period": period,
        "rows": rows,
        "bar_max": max([r["month_hours"] for r in rows] + [workload.hours(1)]),
        "month_total": month_total,
        "week_total": week_total,
        "setting": setting,
        "teaching_hours": workload.teaching_hours_per_week(
            weekly_lessons=user.teacher.weekly_lessons, setting=setting
        ),
        "over": month_total > setting.monthly_nonteaching_hours
        or week_total > setting.weekly_nonteaching_hours,
        "page": paginate(request, selectors.ledger_entries_visible_to(user=user, teacher_id=user.teacher_id)),
        "disputes": selectors.disputes_visible_to(user=user, status=Dispute.Status.OPEN),
        "dispute_form": DisputeForm(),
    }
    return render(request, "burden/mine.html", context)


@login_required
def entry_list(request):
    filters = {"category": request.GET.get("category", ""), "query": request.GET.get("q", "").strip()}
    entries = selectors.ledger_entries_visible_to(user=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(
                actor=request.user, model=LedgerEntry, count=entries.count(), filters=filters
            )
        return excel_response(
            filename="负担台账.xlsx",
            title="负担台账",
            columns=[
                ("日期", lambda e: e.date), ("教师", lambda e: e.teacher.name), ("学校", lambda e: e.school.name),
                ("类别", lambda e: e.get_category_display()), ("记录类型", lambda e: e.get_kind_display()),
                ("小时", lambda e: e.hours), ("事项", lambda e: e.matter.title if e.matter_id else ""),
                ("说明", lambda e: e.note),
            ],
            rows=entries[:EXPORT_LIMIT],
        )  # fmt: skip
    context = {"page": paginate(request, entries), "filters": filters, "categories": Category.choices}
    return render(request, "burden/entries.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record(request):
    user = request.user
    if user.role != Role.SCHOOL_ADMIN:
        raise PermissionDenied("只有学校管理员可以登记本校教师参与情况")
    matters, teachers = selectors.matters_to_record(user=user), selectors.school_teachers(user=user)
    form = ParticipationForm(request.POST or None, matters=matters, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entries = ledger.ledger_record_participation(
                actor=user,
                matter_id=data["matter"],
                teacher_ids=data["teachers"],
                hours=data["hours"],
                date=data["date"],
                category=data["category"],
                note=data["note"],
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, f"已登记{len(entries)}名教师的参与情况，每人{data['hours']}小时。")
            return redirect("burden:record")
    return render(request, "burden/record.html", {"form": form, "has_teachers": teachers.exists()})


@login_required
@require_POST
def dispute(request, entry_id: int):
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请写明异议理由")
        return redirect("burden:mine")
    try:
        ledger.ledger_dispute_open(actor=request.user, entry_id=entry_id, **form.cleaned_data)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "异议已提交，学校处理后会在此显示结果。")
    return redirect("burden:mine")


DISPUTE_COLUMNS = [
    ("教师", lambda d: d.teacher.name),
    ("学校", lambda d: d.school.name),
    ("记录日期", lambda d: d.entry.date),
    ("类别", lambda d: d.entry.get_category_display()),
    ("事项", lambda d: d.entry.matter.title if d.entry.matter_id else ""),
    ("记录小时", lambda d: d.entry.hours),
    ("本人认为小时", lambda d: d.claimed_hours),
    ("异议理由", lambda d: d.reason),
    ("提出时间", lambda d: d.opened_at),
    ("状态", lambda d: d.get_status_display()),
    ("处理意见", lambda d: d.resolution),
    ("更正小时", lambda d: d.correction.hours if d.correction_id else None),
    ("处理时间", lambda d: d.resolved_at),
]


@login_required
def dispute_list(request):
    filters = {
        "status": request.GET.get("status", Dispute.Status.OPEN),
        "query": request.GET.get("q", "").strip(),
    }
    disputes = selectors.disputes_visible_to(user=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(actor=request.user, model=Dispute, count=disputes.count(), filters=filters)
        return excel_response(
            filename="台账异议.xlsx", title="台账异议", columns=DISPUTE_COLUMNS, rows=disputes[:EXPORT_LIMIT]
        )
    may_resolve = request.user.role == Role.SCHOOL_ADMIN
    context = {
        "page": paginate(request, disputes),
        "filters": filters,
        "may_resolve": may_resolve,
        "form": ResolveForm(),
    }
    return render(request, "burden/disputes.html", context)


@login_required
@require_POST
def resolve(request, dispute_id: int):
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请写明处理意见")
        return redirect("burden:disputes")
    try:
        ledger.ledger_dispute_resolve(actor=request.user, dispute_id=dispute_id, **form.cleaned_data)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "异议已处理；如有更正，已登记更正记录（原记录保持不变）。")
    return redirect("burden:disputes")
