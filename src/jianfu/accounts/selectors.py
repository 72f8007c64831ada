"""Reading accounts, for the system and security administrators only (三员分立, ADR 0009): the account list,
one account, whether it is locked out, and the password and lockout policy in force."""

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jianfu.accounts.models import Role, User

ACCOUNT_READERS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})


def _accounts(user) -> QuerySet[User]:
    """Every account for the system and security administrators; none for anyone else."""
    if getattr(user, "is_authenticated", False) and user.is_active and user.role in ACCOUNT_READERS:
        return User.objects.select_related("region", "department", "school", "teacher")
    return User.objects.none()


def account_search(*, user, query: str = "", role: str = "", state: str = "") -> QuerySet[User]:
    """The accounts `user` may administer, by username; `query` matches the username or the name, `state` is
    active, disabled or pending."""
    accounts = _accounts(user)
    if query:
        accounts = accounts.filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    if role in Role.values:
        accounts = accounts.filter(role=role)
    if state == "active":
        accounts = accounts.filter(is_active=True)
    elif state == "disabled":
        accounts = accounts.filter(is_active=False)
    elif state == "pending":
        accounts = accounts.filter(role=Role.PENDING)
    return accounts.order_by("username")


def access_account_by_id(user, account_id) -> User:
    """One account for an administrator; for anyone else, as for a missing one, 404."""
    try:
        return _accounts(user).get(pk=account_id)
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames are locked out now (django-axes: the failure limit within the cool-off time)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


def security_policy() -> list[tuple[str, str]]:
    """The password and lockout policy in force, in words, for the security administrator's page."""
    minutes = int(settings.AXES_COOLOFF_TIME / dt.timedelta(minutes=1))
    max_age = settings.JIANFU_PASSWORD_MAX_AGE_DAYS
    min_length = next(
        (
            validator.get("OPTIONS", {}).get("min_length")
            for validator in settings.AUTH_PASSWORD_VALIDATORS
            if validator["NAME"].endswith("MinimumLengthValidator")
        ),
        None,
    )
    return [
        ("密码最短长度", f"{min_length}位" if min_length else "未设置"),
        ("字符类别", f"大写字母、小写字母、数字、符号中至少{settings.JIANFU_PASSWORD_MIN_CLASSES}类"),
        ("历史密码", f"不得与最近{settings.JIANFU_PASSWORD_HISTORY}次使用过的密码相同"),
        ("密码有效期", f"{max_age}天，到期须修改" if max_age > 0 else "不过期"),
        ("重置后", "管理员重置密码后，用户下次登录须先修改密码"),
        ("登录失败锁定", f"同一账号在同一地址连续失败{settings.AXES_FAILURE_LIMIT}次，锁定{minutes}分钟"),
        ("会话空闲超时", f"{settings.SESSION_COOKIE_AGE // 60}分钟无操作自动退出"),
    ]
