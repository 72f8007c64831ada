"""Django forms of the plan, quota, exam-week pages: they only parse what was typed; the services validate."""

from django import forms
from django.utils import timezone

from jianfu.matters.services.limits import QUOTA_FIELDS
from jianfu.matters.services.plans import MAX_YEAR, MIN_YEAR

MONTHS = [(month, f"{month}月") for month in range(1, 13)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanOpenForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=MIN_YEAR, max_value=MAX_YEAR)
    window_closes_on = forms.DateField(
        label="报备截止日期", required=False, widget=DateInput(), help_text="不填则在公布前一直可以报备"
    )


class PlanEntryForm(forms.Form):
    title = forms.CharField(label="检查事项名称", max_length=300)
    planned_month = forms.TypedChoiceField(label="计划月份", choices=MONTHS, coerce=int)
    description = forms.CharField(
        label="检查内容与方式", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    comprehensive = forms.BooleanField(label="县级以上综合督导检查（每校每年限一次）", required=False)


class QuotaSettingForm(forms.Form):
    reason = forms.CharField(label="修改说明", max_length=200, required=False, help_text="将记入审计日志")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {
            field: forms.IntegerField(label=label, min_value=0, max_value=largest)
            for field, (label, largest) in QUOTA_FIELDS.items()
        }
        self.fields = {**limits, **self.fields}


class ExamWeekForm(forms.Form):
    title = forms.CharField(label="名称", max_length=60, initial="期末考试周")
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())


def current_year() -> int:
    return timezone.localdate().year
