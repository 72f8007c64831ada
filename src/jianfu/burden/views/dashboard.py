"""/burden/dashboard/: stacked bars of non-teaching hours by category and month, warnings, tables, Excel, and
the panels on proctoring, secondments and trainings (burden/panels.py), each with its chart, table and Excel.

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
from jianfu.burden import dashboard, panels
from jianfu.burden.models import Category, LedgerEntry, LedgerRollup, ProctorAssignment
from jianfu.burden.workload import ZERO
from jianfu.matters.models import Matter
from jianfu.web.listing import excel_response

# The panels beside the hours (burden/panels.py): what each export's audit row names.
PANEL_MODELS = {"proctoring": ProctorAssignment, "secondments": Matter, "trainings": LedgerEntry}


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


def _panel(
    *, user, level: dashboard.Level, month: dt.date, kind: str, groups: dict[int, panels.Group] | None = None
) -> panels.Panel:
    if kind == "proctoring":
        return panels.proctoring(user=user, level=level, year=month.year, groups=groups)
    if kind == "trainings":
        return panels.trainings(user=user, level=level, year=month.year, groups=groups)
    return panels.secondments(user=user, level=level, today=timezone.localdate(), groups=groups)


def _export_panel(request, panel: panels.Panel, month: dt.date):
    columns = [
        (panel.group_label, lambda r: r.label),
        *((label, lambda r, i=i: r.cells[i]) for i, label in enumerate(panel.columns)),
    ]
    level = panel.level
    filters = {"level": level.kind, "table": panel.kind}
    if panel.kind == "secondments":
        filters["date"] = timezone.localdate().isoformat()
    else:
        filters["year"] = month.year
    if level.region is not None:
        filters["region"] = level.region.code
    if level.school is not None:
        filters["school"] = level.school.pk
    with transaction.atomic():
        events.data_exported(
            actor=request.user, model=PANEL_MODELS[panel.kind], count=len(panel.rows), filters=filters
        )
    return excel_response(
        filename=f"{level.title}-{panel.title}.xlsx", title=panel.title, columns=columns, rows=panel.rows
    )


def _link(rows, month: dt.date) -> None:
    for row in rows:
        row.url = "?" + urlencode({**row.drill, "month": f"{month:%Y-%m}"}) if row.drill else ""


@login_required
def dashboard_page(request):
    user = request.user
    level = dashboard.level_for(
        user=user, region_code=request.GET.get("region", ""), school_id=request.GET.get("school", "")
    )
    month = _month(request)
    which = request.GET.get("export", "")
    if which in PANEL_MODELS:
        return _export_panel(request, _panel(user=user, level=level, month=month, kind=which), month)
    groups = dashboard.groups_of(user=user, level=level)  # read once, for the hours and every panel
    board = dashboard.dashboard(user=user, level=level, month=month, groups=groups)
    if which in ("trend", "groups"):
        return _export(request, board, which)
    _link(board.groups, board.month)
    extra = [_panel(user=user, level=level, month=board.month, kind=k, groups=groups) for k in PANEL_MODELS]
    for panel in extra:
        _link(panel.rows, board.month)
    context = {
        "board": board,
        "level": level,
        "month_value": f"{board.month:%Y-%m}",
        "chart_data": {**board.chart_data(), **{panel.kind: panel.chart for panel in extra}},
        "panels": extra,
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
