from django import forms

from jianfu.policy.catalog import default_catalog


class ConfirmedCaseForm(forms.Form):
    """A violation a supervisor confirmed: what was demanded, by whom, and which measure it broke."""

    measure = forms.TypedChoiceField(
        label="违反条款", coerce=int, choices=[(n, f"第{n}条") for n in range(1, 21)]
    )
    rule_id = forms.ChoiceField(label="对应规则（可选）", required=False)
    title = forms.CharField(label="事项标题", max_length=300)
    description = forms.CharField(label="事项内容", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    organizer_name = forms.CharField(label="提出要求的部门", max_length=100, required=False)
    source_note = forms.CharField(
        label="来源说明", max_length=300, required=False, help_text="如：举报编号、核查结论"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = sorted(default_catalog().rules, key=lambda rule: (rule.measure, rule.id))
        self.fields["rule_id"].choices = [("", "——")] + [(r.id, f"{r.id} {r.description}") for r in rules]
