from django import forms
from django.conf import settings

from jianfu.imports.models import ImportJob


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="导入内容",
        choices=[
            (ImportJob.Kind.TEACHERS.value, "教师（全国教师管理信息系统导出的Excel）"),
            (ImportJob.Kind.STUDENTS.value, "学生（全国中小学生学籍信息管理系统导出的Excel）"),
        ],
        initial=ImportJob.Kind.TEACHERS.value,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="文件",
        help_text="支持 .xlsx、.xls 和 .csv（UTF-8或GB18030编码）；按表头中的中文列名识别各列。",
    )
    skip_bad_rows = forms.BooleanField(
        label="跳过有错误的行，只导入正确的行（默认：只要有一行有错误，就全部不导入）",
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.JIANFU_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件超过大小上限（{limit // (1024 * 1024)} MB）")
        return upload
