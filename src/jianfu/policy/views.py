"""The rule catalog page: public, so anyone can see what each measure checks and why."""

from itertools import groupby

from django.shortcuts import render

from jianfu.policy.catalog import default_catalog

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
