"""Data requests and the headline of collect once, use many times: per request and per county and year, entries
served from the registry without asking anyone; the requesting department's download of its delivery."""

from operator import itemgetter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.datahub.models import DeliveryTally
from jianfu.datahub.selectors import deliveries
from jianfu.web.listing import excel_response

AREA_ROLES = (Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR)
REQUEST_COLUMNS = [
    ("事项编号", lambda r: r["matter_id"]),
    ("数据需求", lambda r: r["title"]),
    ("提出部门", lambda r: r["organizer"]),
    ("批准日期", lambda r: r["approved_on"]),
    ("涉及教师（人）", lambda r: r["counts"].people),
    ("信息库直接提供（人×字段）", lambda r: r["counts"].served),
    ("向教师采集（人×字段）", lambda r: r["counts"].asked),
    ("教师已填写（人×字段）", lambda r: r["counts"].answered),
    ("免填比例（%）", lambda r: r["counts"].served_share),
]


def _year(request, years: list[int]) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in years else years[0]


@login_required
def overview(request):
    user = request.user
    if user.role not in (*AREA_ROLES, *scope.MATTER_SUBMITTERS):
        raise PermissionDenied("数据复用统计仅供提出数据需求的部门、教育局和督导部门查看")
    today = timezone.localdate()
    years = deliveries.delivery_years(user=user, current=today.year)
    year = _year(request, years)
    requests = deliveries.counts_by_request(user=user, year=year)
    request_count, total = deliveries.counts_total(user=user, year=year)
    if request.GET.get("export") == "xlsx":
        rows = [
            {
                "matter_id": row.matter_id,
                "title": row.title,
                "organizer": row.organizer,
                "approved_on": timezone.localdate(row.approved_on),
                "counts": row.counts,
            }
            for row in requests
        ]
        rows.append(
            {
                "matter_id": None,
                "title": f"{year}年合计",
                "organizer": "",
                "approved_on": None,
                "counts": total,
            }
        )
        with transaction.atomic():
            events.data_exported(actor=user, model=DeliveryTally, count=len(requests), filters={"year": year})
        return excel_response(
            filename=f"数据复用统计-{year}年.xlsx",
            title=f"{year}年数据复用",
            columns=REQUEST_COLUMNS,
            rows=rows,
        )
    context = {
        "year": year,
        "years": years,
        "requests": requests,
        "regions": deliveries.counts_by_region(user=user, year=year) if user.role in AREA_ROLES else [],
        "request_count": request_count,
        "total": total,
        "is_area": user.role in AREA_ROLES,
    }
    return render(request, "datahub/overview.html", context)


@login_required
def delivery_download(request, delivery_id: int):
    """The requesting department's delivery: the registry's values now, ID numbers masked; an audited read."""
    delivery = deliveries.access_delivery_by_id(user=request.user, delivery_id=delivery_id)
    table = deliveries.delivery_table(delivery=delivery, today=timezone.localdate())
    with transaction.atomic():
        events.data_delivery_downloaded(actor=request.user, delivery=delivery, rows=len(table.rows))
    matter = delivery.matter
    return excel_response(
        filename=f"{matter.title}-数据交付-{matter.display_code}.xlsx",
        title="数据交付",
        columns=[(label, itemgetter(index)) for index, label in enumerate(table.columns)],
        rows=table.rows,
    )
