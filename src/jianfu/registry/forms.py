from django import forms

from jianfu.registry.models import Teacher
from jianfu.registry.services import TEACHER_EDITABLE_FIELDS


class TeacherEditForm(forms.ModelForm):
    """The locally kept fields of a teacher record, plus why they change (it goes into the audit log)."""

    reason = forms.CharField(label="修改事由", max_length=200, help_text="将记入审计日志")

    class Meta:
        model = Teacher
        fields = TEACHER_EDITABLE_FIELDS
