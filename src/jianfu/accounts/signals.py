"""Logins, logouts and failed logins go to the audit log (Django emits these; we only record them)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from jianfu.audit import events


@receiver(user_logged_in, dispatch_uid="jianfu_audit_login")
def _record_login(sender, request, user, **kwargs):
    events.login_succeeded(user=user)


@receiver(user_logged_out, dispatch_uid="jianfu_audit_logout")
def _record_logout(sender, request, user, **kwargs):
    if user is not None:
        events.logged_out(user=user)


@receiver(user_login_failed, dispatch_uid="jianfu_audit_login_failed")
def _record_login_failed(sender, credentials, request=None, **kwargs):
    events.login_failed(username=str(credentials.get("username", "")))
