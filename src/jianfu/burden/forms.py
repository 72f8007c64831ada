"""Page forms of the ledger, disputes and proctoring (services validate again; forms only parse)."""

from django import forms

from jianfu.burden.models import Category


class DateInput(forms.DateInput):
    input_type = "date"


class ParticipationForm(forms.Form):
    matter = forms.TypedChoiceField(label="涉校事项", coerce=int, required=False, empty_value=None)
    teachers = forms.TypedMultipleChoiceField(
        label="参与教师",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择参与的教师"},
    )
    category = forms.ChoiceField(
        label="工作类别", choices=[("", "按事项类型"), *Category.choices], required=False
    )
    hours = forms.DecimalField(label="每人小时数", min_value=0.01, max_value=24, decimal_places=2)
    date = forms.DateField(label="日期", widget=DateInput)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, matters=(), teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].choices = [("", "（其他工作，不关联事项）")] + [
            (m.pk, m.title) for m in matters
        ]
        self.fields["teachers"].choices = [(t.pk, f"{t.name}（{t.subject or '—'}）") for t in teachers]


class DisputeForm(forms.Form):
    reason = forms.CharField(label="异议理由", max_length=300)
    claimed_hours = forms.DecimalField(label="本人认为的小时数", min_value=0, max_value=24, required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label="处理意见", max_length=300)
    corrected_hours = forms.DecimalField(
        label="更正为（小时，不更正则留空）", min_value=0, max_value=24, required=False
    )


class ProctoringForm(forms.Form):
    date_from = forms.DateField(label="开始日期", widget=DateInput)
    date_to = forms.DateField(label="结束日期", widget=DateInput)
    exclude_subjects = forms.CharField(
        label="回避学科（本场考生的任课学科，逗号分隔，适用于该时段全部考试）", max_length=200, required=False
    )


class ReplaceForm(forms.Form):
    teacher = forms.TypedChoiceField(label="改由", coerce=int)
    reason = forms.CharField(label="调整理由", max_length=100)

    def __init__(self, *args, teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [(t.pk, t.name) for t in teachers]


class ProctoringHoursForm(forms.Form):
    hours = forms.DecimalField(label="每人监考小时数", min_value=0.01, max_value=24, decimal_places=2)


class WorkloadSettingForm(forms.Form):
    lesson_minutes = forms.IntegerField(label="每课时分钟数", min_value=30, max_value=60)
    weekly_nonteaching_hours = forms.DecimalField(
        label="教师每周非教学工作小时上限", min_value=0, max_value=60, decimal_places=1
    )
    monthly_nonteaching_hours = forms.DecimalField(
        label="教师每月非教学工作小时上限", min_value=0, max_value=240, decimal_places=1
    )
    reason = forms.CharField(label="修改说明", max_length=200, required=False, help_text="将记入审计日志")
