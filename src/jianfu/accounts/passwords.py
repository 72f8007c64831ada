"""The password policy (等保 2.0): character classes, no reuse of the last few passwords, expiry, forced change.

The length (≥ 12, Django's rule with a Chinese message) and the common-password checks are Django's; the two here join them in
AUTH_PASSWORD_VALIDATORS, so every form that sets a password applies the whole policy. The values are settings
(docs/configuration.md): JIANFU_PASSWORD_MIN_CLASSES, JIANFU_PASSWORD_HISTORY, JIANFU_PASSWORD_MAX_AGE_DAYS.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils import timezone

from jianfu.accounts.demo_accounts import DEMO_USERNAMES

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda char: not char.isalnum()),
)


def character_classes(password: str) -> int:
    """How many of the four classes (upper, lower, digit, symbol) the password uses."""
    return sum(any(test(char) for char in password) for _, test in CLASSES)


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    """Django's length rule, with the Chinese message Django 5.2's translations lack for its refusal."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要{self.min_length}个字符。"

    def get_help_text(self) -> str:
        return f"密码至少{self.min_length}个字符。"


class CharacterClassesValidator:
    """At least `min_classes` of upper-case letters, lower-case letters, digits and symbols."""

    def __init__(self, min_classes: int | None = None):
        self.min_classes = min_classes or settings.JIANFU_PASSWORD_MIN_CLASSES

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_classes")

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_classes}类。"


class PasswordHistoryValidator:
    """Not the current password nor one of the user's last `count` passwords (their hashes are kept)."""

    def __init__(self, count: int | None = None):
        self.count = count or settings.JIANFU_PASSWORD_HISTORY

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        hashes = [user.password] if user.password else []
        hashes += list(user.password_history.values_list("password", flat=True)[: self.count])
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self) -> str:
        return f"新密码不能与最近{self.count}次使用过的密码相同。"


def password_expired(user, *, now: dt.datetime | None = None) -> bool:
    """Whether the password is older than JIANFU_PASSWORD_MAX_AGE_DAYS (0: never expires). A password never
    changed through the platform counts from when the account was created."""
    days = settings.JIANFU_PASSWORD_MAX_AGE_DAYS
    if days <= 0:
        return False
    since = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - since > dt.timedelta(days=days)


def password_change_required(user) -> bool:
    """Whether every page sends the user to 修改密码: after an administrator's reset, or once the password has
    expired. The demo logins are spared expiry in demo mode, so `make run` keeps working on an old demo database."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.must_change_password:
        return True
    if settings.DEMO_MODE and user.username in DEMO_USERNAMES:
        return False
    return password_expired(user)


# No look-alike characters (0/O, 1/l/I): the temporary password is read out or copied by hand.
_ALPHABETS = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+-=@")


def temporary_password(length: int = 16) -> str:
    """A random password that meets the policy (every class present), for a new account or a reset."""
    chars = [secrets.choice(alphabet) for alphabet in _ALPHABETS]
    pool = "".join(_ALPHABETS)
    chars += [secrets.choice(pool) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
