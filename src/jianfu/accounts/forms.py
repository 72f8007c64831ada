from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from jianfu.accounts.models import Role
from jianfu.registry.models import Department, Region, School, Teacher


class LoginForm(AuthenticationForm):
    """Django's login form with Chinese messages and phone-friendly inputs."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错多次将暂时锁定账号。",
        "inactive": "该账号已停用，请联系管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = "密码"


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal, on the form: each message under the field it names (else on the form as a whole)."""
    fields = {"school": "school_code", "teacher": "teacher_id"}
    for field, messages in getattr(exc, "message_dict", {None: exc.messages}).items():
        name = fields.get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class PasswordChangeForm(forms.Form):
    """The old password, the new one twice; the policy itself is checked by the service (password_change)."""

    old_password = forms.CharField(
        label="原密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password_again = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class _OrganisationFields(forms.Form):
    """Region, department and school (by its 10-digit 学校标识码), as an account's organisation."""

    region = forms.ModelChoiceField(
        label="所属区域", queryset=Region.objects.order_by("code"), required=False, empty_label="（无）"
    )
    department = forms.ModelChoiceField(
        label="所属部门", queryset=Department.objects.order_by("name"), required=False, empty_label="（无）"
    )
    school_code = forms.CharField(label="学校标识码", max_length=10, required=False, help_text="学校账号填写")

    def clean_school_code(self):
        code = self.cleaned_data["school_code"].strip()
        if not code:
            return None
        school = School.objects.select_related("region").filter(code=code).first()
        if school is None:
            raise forms.ValidationError(f"学校标识码“{code}”不存在")
        return school


class AccountCreateForm(_OrganisationFields):
    username = forms.CharField(
        label="用户名", max_length=40, widget=forms.TextInput(attrs={"autocapitalize": "none"})
    )
    display_name = forms.CharField(label="姓名", max_length=40)

    field_order = ["username", "display_name", "region", "department", "school_code"]


class GrantForm(_OrganisationFields):
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    teacher_id = forms.IntegerField(
        label="教师档案编号", required=False, min_value=1, help_text="教师账号填写"
    )
    reason = forms.CharField(label="授权事由", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["role", "region", "department", "school_code", "teacher_id", "reason"]

    def clean_teacher_id(self):
        teacher_id = self.cleaned_data["teacher_id"]
        if teacher_id is None:
            return None
        teacher = Teacher.objects.select_related("school__region").filter(pk=teacher_id).first()
        if teacher is None:
            raise forms.ValidationError(f"教师档案编号“{teacher_id}”不存在")
        return teacher
