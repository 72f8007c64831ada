"""The rule catalog page: public, so anyone can see what each measure checks and why."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jianfu.accounts.models import Role
from jianfu.policy import selectors, services
from jianfu.policy.catalog import default_catalog
from jianfu.policy.forms import ConfirmedCaseForm
from jianfu.web.listing import paginate

KIND_LABELS = {
    "inspection": "督查检查考核评比",
    "campus_activity": "进校园活动",
    "social_exam": "社会考试",
    "meeting": "会议",
    "training": "培训",
    "secondment": "抽调借用",
    "data_request": "报表与数据填报",
    "task": "其他任务",
    "*": "所有事项",
}
SEVERITY_LABELS = {"block": "禁止", "review": "需审核说明", "info": "提示"}


def catalog_page(request):
    catalog = default_catalog()
    rules = sorted(catalog.rules, key=lambda rule: (rule.measure, rule.id))
    measures = [
        {
            "number": number,
            "rules": [
                {
                    "rule": rule,
                    "severity_label": SEVERITY_LABELS[rule.severity],
                    "kind_labels": [KIND_LABELS.get(kind, kind) for kind in rule.kinds],
                    "check_type": "文本识别" if rule.condition.type == "text" else "结构化校验",
                }
                for rule in group
            ],
        }
        for number, group in groupby(rules, key=lambda rule: rule.measure)
    ]
    context = {"catalog": catalog, "measures": measures, "rule_count": len(rules)}
    return render(request, "policy/catalog.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_library(request):
    """The confirmed violations new Matters are compared with; supervisors add to it."""
    can_add = request.user.role == Role.SUPERVISOR
    if request.method == "POST" and not can_add:
        raise PermissionDenied("只有教育督导可以把案例加入案例库")
    form = ConfirmedCaseForm(request.POST or None) if can_add else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.confirmed_case_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "案例已加入案例库：此后与之相似的事项在筛查时将被提示审核。")
            return redirect("policy:cases")
    query = request.GET.get("q", "").strip()
    page = paginate(request, selectors.confirmed_case_list_visible_to(user=request.user, query=query))
    return render(request, "policy/cases.html", {"page": page, "q": query, "form": form})
