"""Parent-school pages (measure 19): a school records its sessions; school, county and city see yearly summaries."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.parentschools import selectors, services
from jianfu.parentschools.models import AUDIENCES, ParentSchoolSession
from jianfu.registry.models import School
from jianfu.web.listing import EXPORT_LIMIT, excel_response, paginate

AREA = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR)
MEASURE_19 = "措施第19条：通过家长学校提升家长素养，构筑学校、家庭、社会合力育人的新型教育模式。"
SESSION_COLUMNS = [
    ("日期", lambda s: s.date),
    ("学校", lambda s: s.school.name),
    ("主题", lambda s: s.title),
    ("主讲人", lambda s: s.speaker),
    ("面向年级", lambda s: s.audience_grade),
    ("实到家长数", lambda s: s.attended),
    ("应到家长数", lambda s: s.invited),
    ("到课率（%）", lambda s: s.attendance_rate),
    ("备注", lambda s: s.notes),
]


def _summary_columns(group: str) -> list:
    return [
        (group, lambda r: r.label),
        ("学校数", lambda r: r.schools),
        ("开展活动的学校数", lambda r: r.active_schools),
        ("活动场次", lambda r: r.sessions),
        ("实到家长数", lambda r: r.attended),
        ("应到家长数", lambda r: r.invited),
        ("到课率（%）", lambda r: r.rate),
    ]


def _errors(exc: ValidationError) -> list[str]:
    return [m for group in getattr(exc, "message_dict", {"": exc.messages}).values() for m in group]


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdecimal() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _years(year: int) -> list[int]:
    today = timezone.localdate()
    return sorted({*range(today.year - 4, today.year + 1), year}, reverse=True)


@login_required
def sessions_page(request):
    user = request.user
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return _school_page(request, school=user.school, editable=True)
    if user.role in AREA and user.region_id:
        school_id = request.GET.get("school", "")
        if school_id:
            school = scope.access_by_id(user, School, school_id)
            return _school_page(request, school=school, editable=False)
        return _area_page(request)
    raise PermissionDenied("家长学校记录仅供学校管理员、教育局和督导查看")


def _school_page(request, *, school: School, editable: bool, values: dict | None = None, errors=()):
    user, year = request.user, _year(request)
    query = request.GET.get("q", "").strip()
    rows = selectors.sessions_visible_to(user=user, year=year, school_id=school.pk, query=query)
    if request.GET.get("export") == "xlsx":
        rows = list(rows[:EXPORT_LIMIT])
        filters = {"year": year, "school": school.pk, "q": query}
        with transaction.atomic():
            events.data_exported(actor=user, model=ParentSchoolSession, count=len(rows), filters=filters)
        return excel_response(
            filename=f"{school.name}-{year}年家长学校活动.xlsx",
            title=f"{year}年家长学校活动",
            columns=SESSION_COLUMNS,
            rows=rows,
        )
    today = timezone.localdate()
    context = {
        "school": school,
        "year": year,
        "years": _years(year),
        "query": query,
        "summary": selectors.school_summary(user=user, school=school, year=year),
        "page": paginate(request, rows),
        "editable": editable,
        "audiences": AUDIENCES,
        "values": values or {"date": today.isoformat(), "audience_grade": AUDIENCES[0]},
        "errors": list(errors),
        "today": today,
        "measure_note": MEASURE_19,
    }
    return render(request, "parentschools/school.html", context, status=400 if errors else 200)


def _area_page(request):
    user, year = request.user, _year(request)
    region_code = request.GET.get("region", "")
    region_code = region_code if region_code in user.area_region_codes else ""
    is_city = user.region.level == "city"
    query = request.GET.get("q", "").strip()
    if is_city and not region_code:
        group, rows = "旗县区", selectors.counties_summary(user=user, year=year)
        label = user.region.name
    else:
        group = "学校"
        rows = selectors.schools_summary(user=user, year=year, region_code=region_code, query=query)
        label = next((c.name for c in selectors.county_choices(user=user) if c.code == region_code), "")
        label = label or user.region.name
    total = selectors.total(label=f"{label}合计", rows=rows)
    if request.GET.get("export") == "xlsx":
        filters = {"year": year, "region": region_code, "q": query}
        with transaction.atomic():
            events.data_exported(actor=user, model=ParentSchoolSession, count=len(rows), filters=filters)
        return excel_response(
            filename=f"{label}-{year}年家长学校汇总.xlsx",
            title=f"{year}年家长学校汇总",
            columns=_summary_columns(group),
            rows=[*rows, total],
        )
    context = {
        "year": year,
        "years": _years(year),
        "group": group,
        "label": label,
        "query": query,
        "region_code": region_code,
        "is_city": is_city,
        "by_school": group == "学校",
        "total": total,
        "page": paginate(request, rows),
        "measure_note": MEASURE_19,
    }
    return render(request, "parentschools/area.html", context)


def _int(raw: str) -> int | None:
    return int(raw) if raw.strip().isdecimal() else None


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


@login_required
@require_POST
def record(request):
    user = request.user
    if user.role != Role.SCHOOL_ADMIN or not user.school_id:
        raise PermissionDenied("只有学校管理员可以登记本校家长学校活动")
    values = {
        key: request.POST.get(key, "")
        for key in ("date", "title", "speaker", "audience_grade", "attended", "invited", "notes")
    }
    try:
        session = services.parent_school_session_record(
            actor=user,
            date=_date(values["date"]),
            title=values["title"],
            speaker=values["speaker"],
            audience_grade=values["audience_grade"],
            attended=_int(values["attended"]),
            invited=_int(values["invited"]),
            notes=values["notes"],
        )
    except ValidationError as exc:
        return _school_page(request, school=user.school, editable=True, values=values, errors=_errors(exc))
    messages.success(request, f"已登记家长学校活动“{session.title}”。")
    return redirect(reverse("parentschools:sessions") + "?" + urlencode({"year": session.date.year}))


@login_required
@require_POST
def delete(request, session_id: int):
    services.parent_school_session_delete(actor=request.user, session_id=session_id)
    messages.success(request, "已删除该条家长学校活动记录。")
    return redirect("parentschools:sessions")
