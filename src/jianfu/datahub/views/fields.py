"""The field dictionary page (every field the platform holds, with search and Excel export) and the live held/new
marking of a data request's fields on the Matter form."""

import json

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from jianfu.audit import events
from jianfu.datahub import dictionary
from jianfu.datahub.models import CollectedField
from jianfu.datahub.selectors.fields import field_dictionary_rows, fields_classify
from jianfu.web.listing import excel_response, paginate

MAX_FIELDS = 200

COLUMNS = [
    ("编码", lambda r: r.code),
    ("字段名称", lambda r: r.label),
    ("对象", lambda r: r.population),
    ("来源", lambda r: r.source),
    ("维护主体", lambda r: r.owner),
    ("更新方式", lambda r: r.freshness),
    ("个人信息类别", lambda r: r.personal_class),
    ("同义名称", lambda r: r.aliases),
    ("已采集人数", lambda r: r.holders),
]


@login_required
def field_dictionary(request):
    book = dictionary.current()
    filters = {
        "query": request.GET.get("q", "").strip(),
        "population": request.GET.get("population", "")
        if request.GET.get("population") in book.populations
        else "",
        "source": request.GET.get("source", "") if request.GET.get("source") in book.sources else "",
    }
    rows = field_dictionary_rows(user=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        with transaction.atomic():
            events.data_exported(actor=request.user, model=CollectedField, count=len(rows), filters=filters)
        return excel_response(filename="数据字典.xlsx", title="数据字典", columns=COLUMNS, rows=rows)
    context = {
        "page": paginate(request, rows),
        "filters": filters,
        "populations": book.populations.items(),
        "sources": book.sources.items(),
        "version": book.version,
    }
    return render(request, "datahub/fields.html", context)


@login_required
@require_POST
def classify(request):
    """The Matter form asks, while the department types the fields of a data request, which are held."""
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponseBadRequest("请求体应为JSON")
    fields = data.get("fields") if isinstance(data, dict) else None
    population = data.get("population") if isinstance(data, dict) else None
    if not isinstance(fields, list) or population not in dictionary.POPULATIONS:
        return JsonResponse(
            {"detail": "应提供 fields（字段名称列表）和 population（teachers 或 students）"}, status=422
        )
    names = [str(name)[:100] for name in fields[:MAX_FIELDS] if isinstance(name, str)]
    marks = fields_classify(fields=names, population=population)
    held = sum(1 for mark in marks if mark.held)
    return JsonResponse(
        {
            "population": population,
            "fields": [mark.as_dict() for mark in marks],
            "held": held,
            "new": len(marks) - held,
        }
    )
