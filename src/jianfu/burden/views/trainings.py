"""Measure 11: the semester's training plan (tiers, published how far ahead, eligibility) and training hours."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.burden import selectors_trainings as selectors
from jianfu.burden.services.trainings import MIN_DAYS_AHEAD, TIERS, Semester
from jianfu.burden.workload import hours

VIEWERS = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR, Role.SCHOOL_ADMIN, Role.TEACHER)


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
    rows = selectors.training_plan(user=user, semester=semester, tier=tier if tier in TIERS else "")
    teacher_hours = [
        {**r, "total": hours(r["total"])}
        for r in selectors.training_hours(user=user, year=semester.start.year)[:200]
    ]
    context = {
        "semester": semester,
        "previous": semester.previous().start,
        "next": semester.next().start,
        "rows": rows,
        "late_count": sum(1 for r in rows if r.late),
        "tier": tier,
        "tiers": TIERS.values(),
        "min_days": MIN_DAYS_AHEAD,
        "teacher_hours": teacher_hours,
        "year": semester.start.year,
        "is_teacher": user.role == Role.TEACHER,
    }
    return render(request, "burden/trainings_plan.html", context)
