"""The audit log page for supervisors (their area) and the audit administrator (all of it, ADR 0009): search,
page through, export to Excel (the export is itself audited)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import render

from jianfu.accounts import scope
from jianfu.audit import events as audit_events
from jianfu.audit.models import AuditEvent
from jianfu.audit.selectors import audit_event_search
from jianfu.web.listing import EXPORT_LIMIT, excel_response, paginate

COLUMNS = [
    ("时间", lambda e: e.occurred_at),
    ("操作人", lambda e: e.actor_label),
    ("角色", lambda e: e.actor_role_label),
    ("类别", lambda e: e.get_category_display()),
    ("操作", lambda e: e.action),
    ("对象", lambda e: e.object_label),
    ("对象类型", lambda e: e.object_type),
    ("对象编号", lambda e: e.object_id),
    ("区域", lambda e: e.region_code),
    ("来源地址", lambda e: e.ip_address),
    ("事由", lambda e: e.reason),
    ("变更内容", lambda e: str(e.changes) if e.changes else ""),
]


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
def event_list(request):
    if not scope.can_see(request.user, AuditEvent):
        raise Http404
    filters = {
        "query": request.GET.get("q", "").strip(),
        "category": request.GET.get("category", "").strip(),
        "date_from": _date(request.GET.get("from", "")),
        "date_to": _date(request.GET.get("to", "")),
    }
    found = audit_event_search(user=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            audit_events.data_exported(
                actor=request.user, model=AuditEvent, count=found.count(), filters=filters
            )
        return excel_response(
            filename="审计日志.xlsx", title="审计日志", columns=COLUMNS, rows=found[:EXPORT_LIMIT]
        )
    context = {
        "page": paginate(request, found),
        "filters": filters,
        "categories": AuditEvent.Category.choices,
    }
    return render(request, "audit/event_list.html", context)
