"""The secondment register (measure 14): who is seconded where, until when, on which approval; return recorded."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.burden import selectors_secondments as selectors
from jianfu.burden.services import secondments
from jianfu.burden.views.ledger import _errors
from jianfu.web.listing import paginate

STATUSES = [("open", "未返岗"), ("overdue", "已逾期"), ("7", "7天内到期"), ("30", "30天内到期"),
            ("returned", "已返岗"), ("", "全部")]  # fmt: skip


@login_required
def register(request):
    user = request.user
    if user.role not in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR, Role.SCHOOL_ADMIN, Role.TEACHER):
        raise PermissionDenied("借用教师登记册仅供教育局、督导、学校和教师本人查看")
    today = timezone.localdate()
    status = request.GET.get("status", "open")
    rows = selectors.register(user=user, today=today, status=status)
    recordable = set(scope.secondment_returns_recordable_by(user).values_list("pk", flat=True))
    context = {
        "page": paginate(request, rows),
        "today": today,
        "status": status,
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
