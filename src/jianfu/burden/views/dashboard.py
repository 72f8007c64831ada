"""/burden/dashboard/: stacked bars of non-teaching hours by category and month, warnings, tables, Excel.

One view: the level (the city's counties, a county's schools, a school's teachers) follows the user's scope, and
an area user may drill into a county (?region=) or a school (?school=). Figures come from the monthly rollups
(burden/dashboard.py). The charts are drawn by static/jianfu/charts.js from a JSON data block; each chart's table
below it carries the same figures and is the fallback without JavaScript.
"""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from jianfu.audit import events
from jianfu.burden import dashboard
from jianfu.burden.models import Category, LedgerRollup
from jianfu.burden.workload import ZERO
from jianfu.web.listing import excel_response


def _month(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


def _export(request, board: dashboard.Dashboard, which: str):
    trend = which == "trend"
    rows = board.trend if trend else board.groups
    columns = [
        ("月份" if trend else board.level.group_label, lambda r: r.label),
        *((label, lambda r, value=value: r.hours.get(value, ZERO)) for value, label in Category.choices),
        ("合计", lambda r: r.total),
    ]
    if not trend:
        columns.append(("预警人数", lambda r: r.warnings))
    filters = {"level": board.level.kind, "table": which, "month": f"{board.month:%Y-%m}"}
    if board.level.region is not None:
        filters["region"] = board.level.region.code
    if board.level.school is not None:
        filters["school"] = board.level.school.pk
    with transaction.atomic():
        events.data_exported(actor=request.user, model=LedgerRollup, count=len(rows), filters=filters)
    what = "近12个月" if trend else f"{board.month.year}年{board.month.month}月各{board.level.group_label}"
    return excel_response(
        filename=f"{board.level.title}-非教学工作量-{what}.xlsx",
        title="非教学工作量",
        columns=columns,
        rows=rows,
    )


@login_required
def dashboard_page(request):
    user = request.user
    level = dashboard.level_for(
        user=user, region_code=request.GET.get("region", ""), school_id=request.GET.get("school", "")
    )
    board = dashboard.dashboard(user=user, level=level, month=_month(request))
    which = request.GET.get("export", "")
    if which in ("trend", "groups"):
        return _export(request, board, which)
    for row in board.groups:
        row.url = "?" + urlencode({**row.drill, "month": f"{board.month:%Y-%m}"}) if row.drill else ""
    context = {
        "board": board,
        "level": level,
        "month_value": f"{board.month:%Y-%m}",
        "chart_data": board.chart_data(),
        "up": _up_link(user, level, board.month),
    }
    return render(request, "burden/dashboard.html", context)


def _up_link(user, level: dashboard.Level, month: dt.date) -> str:
    """The level above, when the user drilled down to this one."""
    own = user.region.code if user.region_id else ""
    if level.kind == "school" and level.school != user.school and level.region is not None:
        target = {} if level.region.code == own else {"region": level.region.code}
    elif level.kind == "county" and level.region.code != own:
        target = {}
    else:
        return ""
    return "?" + urlencode({**target, "month": f"{month:%Y-%m}"})
