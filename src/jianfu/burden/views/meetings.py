"""Measures 12 and 13: meeting hours per teacher, video sub-venue decisions, merged meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden import selectors_trainings as selectors
from jianfu.burden.models import LedgerEntry
from jianfu.burden.services import meetings
from jianfu.burden.views.ledger import _errors
from jianfu.burden.workload import hours
from jianfu.web.listing import EXPORT_LIMIT, excel_response, paginate

VIEWERS = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR, Role.SCHOOL_ADMIN, Role.TEACHER)

COLUMNS = [
    ("教师", lambda r: r["teacher__name"]),
    ("学校", lambda r: r["school__name"]),
    ("会议时长（小时）", lambda r: hours(r["total"])),
]


@login_required
def overview(request):
    user = request.user
    if user.role not in VIEWERS:
        raise PermissionDenied("会议统计页面供教育局、督导、学校和教师查看")
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    query = request.GET.get("q", "").strip()
    rows = selectors.meeting_hours(user=user, year=year, query=query)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(
                actor=user, model=LedgerEntry, count=rows.count(), filters={"year": year, "query": query}
            )
        return excel_response(
            filename=f"教师会议时长-{year}年.xlsx",
            title="教师会议时长",
            columns=COLUMNS,
            rows=rows[:EXPORT_LIMIT],
        )
    page = paginate(request, rows)
    page.object_list = [{**r, "total": hours(r["total"])} for r in page.object_list]
    context = {
        "year": year,
        "query": query,
        "page": page,
        "flagged": selectors.sub_venue_meetings(user=user)
        if user.role in (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR)
        else [],
        "merged": selectors.merged_meetings(user=user)[:100],
        "may_decide": user.role in (Role.CITY_EDU, Role.COUNTY_EDU),
    }
    return render(request, "burden/meetings_overview.html", context)


@login_required
@require_POST
def decide_sub_venue(request, matter_id: int):
    choice = request.POST.get("video_sub_venue")
    if choice not in ("yes", "no"):
        messages.error(request, "请选择是否设视频分会场")
        return redirect("burden:meetings")
    try:
        meetings.sub_venue_decide(
            actor=request.user,
            matter_id=matter_id,
            video_sub_venue=choice == "yes",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, "已记录分会场决定。")
    return redirect("burden:meetings")
