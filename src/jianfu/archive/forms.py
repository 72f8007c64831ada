"""Page forms of the e-archive: they only parse what was typed; the services validate (and check files)."""

from django import forms

from jianfu.archive.models import Section
from jianfu.archive.services.entries import DETAILS_MAX, FILE_LABEL, ISSUER_MAX, TITLE_MAX
from jianfu.archive.services.grants import PURPOSE_MAX
from jianfu.common.uploads import ACCEPT_ATTRIBUTE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EntryForm(forms.Form):
    section = forms.ChoiceField(label="类别", choices=[("", "请选择"), *Section.choices])
    title = forms.CharField(label="名称", max_length=TITLE_MAX, help_text="如：包头市优秀教师、硕士学位")
    issuer = forms.CharField(label="颁发或认定单位", max_length=ISSUER_MAX, required=False)
    date = forms.DateField(label="日期", required=False, widget=DateInput())
    details = forms.CharField(
        label="说明", max_length=DETAILS_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EntryCreateForm(EntryForm):
    # The upload's bytes are judged by the service (common.uploads), an empty file included.
    file = forms.FileField(
        label=FILE_LABEL,
        required=False,
        allow_empty_file=True,
        help_text="PDF、JPEG 或 PNG 格式的证书扫描件或证明材料",
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


class FileForm(forms.Form):
    file = forms.FileField(
        label=FILE_LABEL,
        allow_empty_file=True,
        error_messages={"required": "请选择要上传的文件"},
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


# The largest id a BigAutoField holds.
MAX_ID = 2**63 - 1


class SchoolsField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # Django looks the ids up with one IN query: an id past what the database holds made SQLite raise
        # OverflowError (500). No school has such an id; refuse it like any unknown one, before the query.
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdecimal() and abs(int(text)) > MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super()._check_values(value)


class GrantForm(forms.Form):
    department = forms.ModelChoiceField(label="获授权部门", queryset=None, empty_label="请选择")
    purpose = forms.CharField(
        label="查阅用途", max_length=PURPOSE_MAX, help_text="将记入每一次查阅的审计记录"
    )
    expires_on = forms.DateField(label="有效期至", widget=DateInput(), help_text="最长一年，到期自动失效")
    schools = SchoolsField(
        label="学校（可多选）", queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    teacher = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, departments, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["schools"].queryset = schools
        self.fields["schools"].label_from_instance = lambda school: f"{school.region.name} · {school.name}"
