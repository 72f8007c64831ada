"""/oversight/indicators/: the supervision indicators of the user's area per county and school, the year against
the year before, with an audited Excel export; and /oversight/indicators/report/: the supervision report of a
county or the city, for a year or any span of months, as PDF or Excel in one click (audited too).

Views stay thin: the level and the figures come from `oversight.indicators` (through the data scope: a region
outside the user's area is 404 before anything is read or written), the report from `supervision_reports`.
"""

import datetime as dt
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit import events
from jianfu.oversight import indicators, supervision_reports
from jianfu.oversight.indicators import INDICATORS, Board, Indicator, Period
from jianfu.oversight.supervision_reports.content import change, group_chart
from jianfu.registry.models import Region, School
from jianfu.web.listing import excel_response

FIRST_YEAR, LAST_YEAR = 2000, 2100
REPORT_FORMATS = tuple(supervision_reports.FORMATS)
PAGE_CHART = "hours_per_teacher"  # the chart above the table (the report has more)


def _year(raw: str) -> int:
    return int(raw) if raw.isdecimal() and FIRST_YEAR <= int(raw) <= LAST_YEAR else timezone.localdate().year


def _years(year: int) -> list[int]:
    today = timezone.localdate()
    return sorted({*range(today.year - 4, today.year + 1), year}, reverse=True)


def _month(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{raw}-01")
    except ValueError:
        raise ValidationError("月份应为YYYY-MM") from None


def _period(request) -> Period:
    """`from` and `to` (YYYY-MM) give any span of whole months; otherwise the year (`year`, default this one)."""
    first, last = request.GET.get("from", ""), request.GET.get("to", "")
    if first or last:
        return Period.months(first=_month(first or last), last=_month(last or first))
    return Period.year(_year(request.GET.get("year", "")))


def _columns(level: indicators.Level) -> list[Indicator]:
    """The indicators of the table: annual plans are a county's or the city's, so only the city's counties."""
    return [i for i in INDICATORS if not (i.area_only and level.kind != "city")]


def _export_table(request, board: Board):
    level = board.level
    shown = _columns(level)
    rows = [*board.rows, board.total]
    columns = [(level.group_label, lambda r: r.label)]
    if level.kind == "county":
        columns.insert(0, ("旗县区", lambda r: r.region_label))
    for i in shown:
        columns.append((f"{i.heading}{board.period.label}", lambda r, i=i: i.value(r.current)))
        columns.append((f"{i.heading}{board.previous.label}", lambda r, i=i: i.value(r.previous)))
    filters = {
        "table": "supervision-indicators",
        "level": level.kind,
        "region": level.region.code,
        "year": board.period.start.year,
    }
    if level.school is not None:
        filters["school"] = level.school.pk
    with transaction.atomic():
        events.data_exported(actor=request.user, model=School, count=len(rows), filters=filters)
    return excel_response(
        filename=f"{level.title}-{board.period.label}督导指标.xlsx",
        title=f"{board.period.label}督导指标",
        columns=columns,
        rows=rows,
    )


def _report_links(*, level: indicators.Level, year: int) -> list[tuple[str, str]]:
    if level.kind == "school":
        return []
    url = reverse("oversight:supervision_report")
    return [
        (label, f"{url}?{urlencode({'region': level.region.code, 'year': year, 'format': fmt})}")
        for fmt, label in (("pdf", "下载督导报告（PDF）"), ("xlsx", "下载督导报告（Excel）"))
    ]


@login_required
def indicators_page(request):
    user = request.user
    level = indicators.level_for(user=user, region_code=request.GET.get("region", ""))
    year = _year(request.GET.get("year", ""))
    board = indicators.indicators_board(user=user, level=level, period=Period.year(year))
    if request.GET.get("export") == "xlsx":
        return _export_table(request, board)
    for row in board.rows:
        row.url = "?" + urlencode({**row.drill, "year": year}) if row.drill else ""
    own = user.region.code if user.region_id else ""
    up = "?" + urlencode({"year": year}) if level.kind == "county" and level.region.code != own else ""
    regions = []
    if level.kind != "school":
        regions = list(
            scope.visible_to(user, Region).filter(code__in=user.area_region_codes).order_by("code")
        )
    shown = _columns(level)
    total = board.total
    context = {
        "board": board,
        "level": level,
        "year": year,
        "years": _years(year),
        "columns": [i.heading for i in shown],
        "table": [(row, row.cells(shown)) for row in board.rows],
        "summary": [
            (i.heading, i.measure, i.text(total.current), i.text(total.previous), change(i, total))
            for i in INDICATORS
            if not (i.area_only and level.kind == "school")
        ],
        "up": up,
        "report_links": _report_links(level=level, year=year),
        "report_regions": regions,
        "chart": group_chart(board=board, key=PAGE_CHART) if board.rows else "",
    }
    return render(request, "oversight/supervision/indicators.html", context)


@login_required
def report_download(request):
    """The report of `region` (default the user's own) for the period, as `format` (pdf or xlsx)."""
    file_format = request.GET.get("format", "pdf")
    if file_format not in REPORT_FORMATS:
        return HttpResponseBadRequest("格式应为pdf或xlsx")
    try:
        period = _period(request)
    except ValidationError as error:
        return HttpResponseBadRequest("；".join(error.messages))
    user = request.user
    report = supervision_reports.supervision_report(
        user=user, period=period, region_code=request.GET.get("region", "")
    )
    made = supervision_reports.report_file(report, file_format=file_format)
    filters = {
        "report": "supervision",
        "region": report.region.code,
        "from": f"{period.start:%Y-%m}",
        "to": f"{period.end:%Y-%m}",
        "format": file_format,
    }
    with transaction.atomic():
        events.data_exported(actor=user, model=School, count=len(report.board.schools), filters=filters)
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(made.filename)}"
    return response
