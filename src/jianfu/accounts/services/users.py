"""The system administrator's writes (三员分立, ADR 0009): create an account, disable or enable it, reset its
password. A new account has no role (待授权) until the security administrator grants one; a new or reset password
is a random temporary one, shown once, that the user must change at the next login."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from jianfu.accounts.models import Role, User
from jianfu.accounts.passwords import temporary_password
from jianfu.accounts.services._common import account_values, require_role, store_password
from jianfu.audit import events
from jianfu.registry.models import Department, Region, School

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$")
DISPLAY_NAME_MAX = 40
REASON_MAX = 200


def _clean_new_account(
    *,
    username: str,
    display_name: str,
    region: Region | None,
    department: Department | None,
    school: School | None,
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    username, display_name = (username or "").strip(), (display_name or "").strip()
    if not USERNAME.match(username):
        errors["username"] = "用户名须为3-40位字母、数字、点、下划线或连字符，以字母或数字开头"
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = f"用户名“{username}”已被使用"
    if not display_name:
        errors["display_name"] = "请填写姓名"
    elif len(display_name) > DISPLAY_NAME_MAX:
        errors["display_name"] = f"姓名不能超过{DISPLAY_NAME_MAX}字"
    if school is not None and region is not None and school.region_id != region.pk:
        errors["school"] = "学校不在所选区域内"
    if department is not None and region is not None and department.region_id != region.pk:
        errors["department"] = "部门不在所选区域内"
    if errors:
        raise ValidationError(errors)
    return username, display_name


def user_create(
    *,
    actor: User,
    username: str,
    display_name: str,
    region: Region | None = None,
    department: Department | None = None,
    school: School | None = None,
) -> tuple[User, str]:
    """A new account without a role (待授权) and its temporary password, to be changed at the first login."""
    require_role(actor, Role.SYSTEM_ADMIN)
    username, display_name = _clean_new_account(
        username=username, display_name=display_name, region=region, department=department, school=school
    )
    if school is not None:
        region = school.region
    elif department is not None and region is None:
        region = department.region
    password = temporary_password()
    with transaction.atomic():
        account = User.objects.create(
            username=username,
            display_name=display_name,
            role=Role.PENDING,
            region=region,
            department=department,
            school=school,
        )
        store_password(account, password, must_change=True)
        events.account_created(actor=actor, account=account, values=account_values(account))
    return account, password


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"事由不能超过{REASON_MAX}字"})
    return reason


def user_set_active(*, actor: User, account: User, active: bool, reason: str = "") -> User:
    """Disable an account (it can no longer log in; an open session ends at its next page) or enable it again."""
    require_role(actor, Role.SYSTEM_ADMIN, account=account)
    reason = _clean_reason(reason)
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=account.pk)
        if account.is_active == active:
            return account
        old = account_values(account)
        account.is_active = active
        account.save(update_fields=["is_active"])
        events.account_changed(
            actor=actor,
            account=account,
            action="account.enable" if active else "account.disable",
            old=old,
            new=account_values(account),
            reason=reason,
        )
    return account


def user_password_reset(*, actor: User, account: User, reason: str = "") -> str:
    """A new temporary password for the account, which the user must change at the next login; returned once."""
    require_role(actor, Role.SYSTEM_ADMIN, account=account)
    reason = _clean_reason(reason)
    password = temporary_password()
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=account.pk)
        old = account_values(account)
        store_password(account, password, must_change=True)
        events.account_changed(
            actor=actor,
            account=account,
            action="account.password_reset",
            old=old,
            new=account_values(account),
            reason=reason,
        )
    return password
