"""Workload pages: a school's teachers, a county's schools, the city's counties, each with warnings and Excel."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden import selectors, workload
from jianfu.burden.models import LedgerEntry
from jianfu.registry.models import Region
from jianfu.web.listing import excel_response

AREA = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR)


def _period(request) -> workload.Period:
    try:
        return workload.Period(dt.date.fromisoformat(request.GET.get("day", "")))
    except ValueError:
        return workload.Period(timezone.localdate())


def _export(request, *, filename: str, title: str, columns, rows, filters):
    with transaction.atomic():
        events.data_exported(actor=request.user, model=LedgerEntry, count=len(rows), filters=filters)
    return excel_response(filename=filename, title=title, columns=columns, rows=rows)


GROUP_COLUMNS = [
    ("在岗教师", lambda r: r.teacher_count),
    ("本周非教学小时", lambda r: r.week_hours),
    ("本月非教学小时", lambda r: r.month_hours),
    ("本周人均", lambda r: r.week_average),
    ("本月人均", lambda r: r.month_average),
    ("预警", lambda r: r.warning),
]


@login_required
def school_workload(request):
    user, period = request.user, _period(request)
    if user.role == Role.SCHOOL_ADMIN:
        school = user.school
    elif user.role in AREA and request.GET.get("school"):
        school = selectors.access_school_by_id(user=user, school_id=request.GET["school"])
    else:
        raise PermissionDenied("学校工作量仅供学校管理员和上级教育部门查看")
    setting = workload.setting_for(year=period.day.year, region=school.region)
    rows = workload.flag_teachers(
        list(workload.school_teachers_workload(user=user, school=school, period=period)), setting=setting
    )
    if request.GET.get("export") == "xlsx":
        return _export(
            request,
            filename=f"{school.name}-教师工作量-{period.day:%Y-%m}.xlsx",
            title="教师工作量",
            columns=[("教师", lambda r: r.name), ("任教学科", lambda r: r.subject), ("周课时", lambda r: r.weekly_lessons),
                     ("周教学小时", lambda r: r.teaching_hours), ("本周非教学小时", lambda r: r.week_hours),
                     ("本月非教学小时", lambda r: r.month_hours), ("预警", lambda r: r.warning)],
            rows=rows,
            filters={"school": school.pk, "day": period.day.isoformat()},
        )  # fmt: skip
    context = {
        "school": school,
        "period": period,
        "setting": setting,
        "rows": rows,
        "warnings": [r for r in rows if r.warning],
    }
    return render(request, "burden/school_workload.html", context)


@login_required
def county_workload(request):
    user, period = request.user, _period(request)
    if user.role not in AREA or user.region is None:
        raise PermissionDenied("旗县区工作量仅供教育局和督导查看")
    code = request.GET.get("region") or user.region.code
    if code not in user.area_region_codes:
        raise Http404
    region = Region.objects.select_related("parent").get(code=code)
    if region.level != Region.Level.COUNTY:
        raise Http404
    setting = workload.setting_for(year=period.day.year, region=region)
    rows = workload.flag_groups(
        list(workload.county_schools_workload(user=user, region=region, period=period)),
        setting_of=lambda row: setting,
    )
    if request.GET.get("export") == "xlsx":
        return _export(
            request,
            filename=f"{region.name}-学校工作量-{period.day:%Y-%m}.xlsx",
            title="学校工作量",
            columns=[("学校", lambda r: r.name), *GROUP_COLUMNS],
            rows=rows,
            filters={"region": code, "day": period.day.isoformat()},
        )
    schools = [r.pk for r in rows]
    context = {
        "region": region,
        "period": period,
        "setting": setting,
        "rows": rows,
        "teacher_warnings": workload.teachers_over_threshold(user=user, period=period, schools=schools),
    }
    return render(request, "burden/county_workload.html", context)


@login_required
def city_workload(request):
    user, period = request.user, _period(request)
    if user.role not in AREA or user.region is None or user.region.level != Region.Level.CITY:
        raise PermissionDenied("全市工作量仅供市教育局和市级督导查看")
    settings = workload.settings_by_region(year=period.day.year)
    rows = workload.flag_groups(
        list(workload.city_counties_workload(user=user, city=user.region, period=period)),
        setting_of=lambda row: settings[row.pk],
    )
    if request.GET.get("export") == "xlsx":
        return _export(
            request,
            filename=f"全市工作量-{period.day:%Y-%m}.xlsx",
            title="旗县区工作量",
            columns=[("旗县区", lambda r: r.name), *GROUP_COLUMNS],
            rows=rows,
            filters={"day": period.day.isoformat()},
        )
    context = {
        "period": period,
        "setting": settings[user.region.pk],
        "rows": rows,
        "teacher_warnings": workload.teachers_over_threshold(user=user, period=period),
    }
    return render(request, "burden/city_workload.html", context)
