"""Page forms of oversight: they only parse what was typed; the services validate (and check the files)."""

from django import forms

from jianfu.common.uploads import ACCEPT_ATTRIBUTE
from jianfu.oversight import cases, evidence, reporting
from jianfu.oversight.models import AccountabilityAction, Conclusion, OrganizerLevel
from jianfu.registry.models import Region


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their bytes are judged by the service (oversight.evidence)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _county_choices() -> list[tuple[str, str]]:
    counties = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
    return [("", "不清楚"), *((region.code, region.name) for region in counties)]


class ReportForm(forms.Form):
    title = forms.CharField(
        label="对方提出了什么要求",
        max_length=reporting.TITLE_MAX,
        help_text="一句话概括，如：要求全体教师为某评选网络投票并截图上报",
    )
    description = forms.CharField(
        label="具体情况",
        max_length=reporting.DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="通过什么方式提出、要求做什么、占用多少时间；越具体越便于核查。请勿写入您本人的姓名等信息。",
    )
    organizer_name = forms.CharField(
        label="提出要求的部门或单位", max_length=reporting.ORGANIZER_MAX, required=False
    )
    organizer_level = forms.ChoiceField(
        label="提出方的层级", choices=OrganizerLevel.choices, initial=OrganizerLevel.UNKNOWN
    )
    demanded_on = forms.DateField(label="要求提出的日期", required=False, widget=DateInput())
    school = forms.CharField(
        label="涉及的学校",
        max_length=reporting.SCHOOL_MAX,
        required=False,
        help_text="学校全称或10位学校标识码",
    )
    region = forms.ChoiceField(label="所在旗县区", required=False, choices=())
    evidence = MultipleFileField(
        label=evidence.FIELD_LABEL,
        required=False,
        allow_empty_file=True,
        help_text=(
            f"照片、截图或文件，PDF、JPEG、PNG 格式，最多{evidence.MAX_FILES}个。"
            "图片中的拍摄设备、位置等信息会在保存前清除；文档建议截图后上传。"
        ),
    )
    anonymous = forms.BooleanField(
        label="匿名举报：不记录我的账号，只凭查询码查看办理结果", required=False, initial=True
    )
    matter = forms.IntegerField(required=False, widget=forms.HiddenInput)
    verification_code = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    # Filled by the page's script (proof of work) and, never, by a person (honeypot).
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        label="网址（请勿填写）",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _county_choices()

    def report_input(self, *, files: list[tuple[str, bytes]]) -> reporting.ReportInput:
        data = self.cleaned_data
        return reporting.ReportInput(
            title=data["title"],
            description=data["description"],
            organizer_name=data["organizer_name"],
            organizer_level=data["organizer_level"],
            demanded_on=data["demanded_on"],
            school=data["school"],
            region_code=data["region"],
            matter_id=data["matter"],
            verification_code=data["verification_code"],
            anonymous=data["anonymous"],
            files=files,
        )


class TrackForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text="提交举报时得到的20位查询码，不区分大小写，可带或不带短横线",
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="说明", max_length=cases.NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConcludeForm(forms.Form):
    conclusion = forms.ChoiceField(label="核查结论", choices=Conclusion.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="核查情况", max_length=cases.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    measure = forms.TypedChoiceField(
        label="违反的条款",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "请选择"), *((n, f"第{n}条") for n in range(1, 21))],
    )
    rule_id = forms.CharField(label="规则编号（可选）", max_length=60, required=False)
    department_name = forms.CharField(label="责任部门或单位", max_length=cases.NAME_MAX, required=False)
    person = forms.CharField(
        label="责任人", max_length=cases.PERSON_MAX, required=False, help_text="姓名及职务"
    )
    action = forms.ChoiceField(
        label="处理方式", required=False, choices=[("", "请选择"), *AccountabilityAction.choices]
    )
    action_detail = forms.CharField(
        label="处理情况", max_length=cases.NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    library_title = forms.CharField(
        label="入库案例标题",
        max_length=cases.LIBRARY_TITLE_MAX,
        required=False,
        help_text="进入筛查案例库，供以后审批同类事项时比对；不写个人姓名",
    )
    library_description = forms.CharField(
        label="入库案例内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RespondForm(forms.Form):
    reply = forms.CharField(
        label="答复内容",
        max_length=cases.REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="举报人凭查询码看到这段答复：不要写入举报人、证人的任何信息",
    )
