"""Every user's own password change: the old password, then the whole policy (AUTH_PASSWORD_VALIDATORS) for the
new one. It ends a forced change (after a reset or an expiry)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from jianfu.accounts.models import User
from jianfu.accounts.passwords import password_expired
from jianfu.accounts.services._common import store_password
from jianfu.audit import events


def password_change(*, user: User, old_password: str, new_password: str, new_password_again: str) -> User:
    """Change the user's password after checking the old one; refused with the field named and nothing written."""
    if not user.check_password(old_password or ""):
        raise ValidationError({"old_password": "原密码不正确"})
    if new_password != new_password_again:
        raise ValidationError({"new_password_again": "两次输入的新密码不一致"})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from error
    forced, expired = user.must_change_password, password_expired(user)
    with transaction.atomic():
        store_password(user, new_password, must_change=False)
        events.password_changed(user=user, expired=expired, forced=forced)
    return user
