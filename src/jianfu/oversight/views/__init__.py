"""Pages of oversight: thin views over the services and selectors. The public ones (report, tracking) answer
anyone; the case and accountability pages serve the bureaus and supervisors of an area."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.accounts.scope.roles import AREA_WIDE


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form fields they name (anything else on the form as a whole)."""
    for field, messages in getattr(exc, "message_dict", {None: exc.messages}).items():
        form.add_error(field if field in form.fields else None, messages)


def area_only(user) -> None:
    """Cases and accounts are for the bureaus and supervisors (the data scope still bounds the rows)."""
    if getattr(user, "role", None) not in AREA_WIDE or not user.region_id:
        raise PermissionDenied("此页面供教育局和教育督导部门使用")
