"""Pages of the e-archive: thin views over the services and selectors; every archive read is audited."""

from django import forms
from django.core.exceptions import ValidationError

from jianfu.common import uploads


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form fields they name (anything else on the form as a whole)."""
    for field, messages in getattr(exc, "message_dict", {None: exc.messages}).items():
        form.add_error(field if field in form.fields else None, messages)


def upload_bytes(form: forms.Form, field: str = "file") -> tuple[str, bytes | None]:
    """The chosen file's name and bytes (none chosen: no bytes); a file over the size limit is refused unread."""
    upload = form.cleaned_data.get(field)
    if not upload:
        return "", None
    return upload.name, uploads.upload_read(upload=upload, field_label=form.fields[field].label)
