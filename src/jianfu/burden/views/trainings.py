"""Measure 11: the semester's training plan (tiers, published how far ahead, eligibility) and training hours."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden import selectors_trainings as selectors
from jianfu.burden.services.trainings import MIN_DAYS_AHEAD, TIERS, Semester
from jianfu.burden.workload import hours
from jianfu.matters.models import Matter
from jianfu.web.listing import EXPORT_LIMIT, excel_response, paginate

VIEWERS = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR, Role.SCHOOL_ADMIN, Role.TEACHER)

COLUMNS = [
    ("培训", lambda r: r.matter.title),
    ("组织单位", lambda r: r.matter.organizer.name),
    ("层级", lambda r: r.tier_label),
    ("学时", lambda r: r.hours),
    ("发布日期", lambda r: r.published_on),
    ("开始日期", lambda r: r.starts_on),
    ("提前发布天数", lambda r: r.days_ahead),
    (f"发布不足{MIN_DAYS_AHEAD}天", lambda r: r.late),
]


def _day(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def plan(request):
    user = request.user
    if user.role not in VIEWERS:
        raise PermissionDenied("培训计划页面供教育局、督导、学校和教师查看")
    semester = Semester.of(_day(request))
    tier = request.GET.get("tier", "")
    tier = tier if tier in TIERS else ""
    query = request.GET.get("q", "").strip()
    rows = selectors.training_plan(user=user, semester=semester, tier=tier, query=query)
    is_teacher = user.role == Role.TEACHER
    if request.GET.get("export") == "xlsx":
        filters = {"semester": f"{semester.start:%Y-%m-%d}", "tier": tier, "query": query}
        with transaction.atomic():
            events.data_exported(actor=user, model=Matter, count=len(rows), filters=filters)
        columns = [*COLUMNS, ("本人可参加", lambda r: r.eligible)] if is_teacher else COLUMNS
        return excel_response(
            filename=f"培训计划-{semester.label}.xlsx",
            title="培训计划",
            columns=columns,
            rows=rows[:EXPORT_LIMIT],
        )
    teacher_hours = [
        {**r, "total": hours(r["total"])}
        for r in selectors.training_hours(user=user, year=semester.start.year)[:200]
    ]
    context = {
        "semester": semester,
        "previous": semester.previous().start,
        "next": semester.next().start,
        "page": paginate(request, rows),
        "late_count": sum(1 for r in rows if r.late),
        "tier": tier,
        "query": query,
        "tiers": TIERS.values(),
        "min_days": MIN_DAYS_AHEAD,
        "teacher_hours": teacher_hours,
        "year": semester.start.year,
        "is_teacher": is_teacher,
    }
    return render(request, "burden/trainings_plan.html", context)
