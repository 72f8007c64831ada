"""The secondment register (measure 14): who is seconded where, until when, on which approval; return recorded."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden import selectors_secondments as selectors
from jianfu.burden.services import secondments
from jianfu.burden.views.ledger import _errors
from jianfu.matters.models import Matter
from jianfu.web.listing import EXPORT_LIMIT, excel_response, paginate

STATUSES = [("open", "未返岗"), ("overdue", "已逾期"), ("7", "7天内到期"), ("30", "30天内到期"),
            ("returned", "已返岗"), ("", "全部")]  # fmt: skip

COLUMNS = [
    ("教师", lambda r: r.matter.teacher.name),
    ("学校", lambda r: r.matter.teacher.school.name),
    ("借用单位", lambda r: r.matter.organizer.name),
    ("开始日期", lambda r: r.matter.starts_on),
    ("结束日期", lambda r: r.matter.ends_on),
    ("状态", lambda r: r.badge),
    ("剩余天数", lambda r: r.days_left if r.status not in ("returned", "overdue") else None),
    ("逾期天数", lambda r: r.overdue_days if r.status == "overdue" else None),
    ("批准机关", lambda r: r.matter.approved_by_label),
    ("核验码", lambda r: r.matter.display_code),
    ("返岗日期", lambda r: r.returned.returned_on if r.returned else None),
    ("返岗说明", lambda r: r.returned.note if r.returned else ""),
]


@login_required
def register(request):
    user = request.user
    if user.role not in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR, Role.SCHOOL_ADMIN, Role.TEACHER):
        raise PermissionDenied("借用教师登记册仅供教育局、督导、学校和教师本人查看")
    today = timezone.localdate()
    filters = {"status": request.GET.get("status", "open"), "query": request.GET.get("q", "").strip()}
    rows = selectors.register(user=user, today=today, **filters)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(actor=user, model=Matter, count=len(rows), filters=filters)
        return excel_response(
            filename="借用教师登记册.xlsx", title="借用教师登记册", columns=COLUMNS, rows=rows[:EXPORT_LIMIT]
        )
    recordable = set(scope.secondment_returns_recordable_by(user).values_list("pk", flat=True))
    context = {
        "page": paginate(request, rows),
        "today": today,
        "filters": filters,
        "statuses": STATUSES,
        "recordable": recordable,
    }
    return render(request, "burden/secondments_register.html", context)


@login_required
@require_POST
def record_return(request, matter_id: int):
    try:
        returned_on = dt.date.fromisoformat(request.POST.get("returned_on", ""))
    except ValueError:
        messages.error(request, "请填写返岗日期")
        return redirect("burden:secondments")
    try:
        secondments.secondment_return_record(
            actor=request.user,
            matter_id=matter_id,
            returned_on=returned_on,
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "已登记返岗。")
    return redirect("burden:secondments")
