"""The accounts per department and county (measure 20: results that count in leaders' evaluations), with their
Excel export (audited)."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jianfu.audit import events
from jianfu.oversight.accountability import COLUMNS, accountability_accounts, accounts_excel_rows
from jianfu.oversight.models import AccountabilityRecord
from jianfu.oversight.views import area_only
from jianfu.web.listing import excel_response

FIRST_YEAR = 2020


def _year(raw: str, today) -> int:
    return int(raw) if raw.isdigit() and FIRST_YEAR <= int(raw) <= today.year else today.year


@login_required
@require_GET
def accounts(request):
    user = request.user
    area_only(user)
    today = timezone.localdate()
    year = _year(request.GET.get("year", ""), today)
    result = accountability_accounts(user=user, year=year, today=today)
    if request.GET.get("export") == "xlsx":
        rows = accounts_excel_rows(result)
        with transaction.atomic():
            events.data_exported(
                actor=user, model=AccountabilityRecord, count=len(rows), filters={"year": year}
            )
        columns = [
            ("维度", lambda item: item["dimension"]),
            ("名称", lambda item: item["row"].name),
            *((label, lambda item, key=key: getattr(item["row"], key)) for key, label in COLUMNS),
            ("合计", lambda item: item["row"].total),
        ]
        return excel_response(
            filename=f"减负问责统计-{year}.xlsx", title=f"{year}年问责统计", columns=columns, rows=rows
        )
    context = {
        "accounts": result,
        "columns": COLUMNS,
        "years": list(range(today.year, FIRST_YEAR - 1, -1)),
        "today": today,
    }
    return render(request, "oversight/accountability.html", context)
