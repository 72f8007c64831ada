"""Deployment checks: production must not run with the demo accounts' password."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from jianfu.accounts.demo_accounts import DEMO_USERNAMES


@checks.register(checks.Tags.security, deploy=True)
def demo_passwords_absent(app_configs, **kwargs):
    if settings.DEMO_MODE:
        return []
    from jianfu.accounts.models import User

    try:
        users = list(User.objects.filter(is_active=True, username__in=DEMO_USERNAMES))
    except DatabaseError:
        return []  # not migrated yet: nothing to check
    return [
        checks.Error(
            f"Account {user.username!r} still has the demo password; production refuses to start with it.",
            hint="Set a real password (jianfu changepassword) or deactivate the account.",
            id="jianfu.E001",
        )
        for user in users
        if user.check_password(settings.DEMO_PASSWORD)
    ]
