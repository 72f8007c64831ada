"""What the account services share: who may act, and what the audit log keeps of an account."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jianfu.accounts.models import PasswordHistory, User


def require_role(actor: User, role: str, *, account: User | None = None) -> None:
    """Only an active `role` acts, and never on their own account (ADR 0009: no administrator acts on himself)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active or actor.role != role:
        raise PermissionDenied("您的角色无权执行此操作。")
    if account is not None and account.pk == actor.pk:
        raise PermissionDenied("管理员不能对自己的账号执行此操作。")


def account_values(account: User) -> dict[str, Any]:
    """What the audit log keeps of an account (never its password)."""
    return {
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role,
        "region": account.region.code if account.region_id else None,
        "department": account.department_id,
        "school": account.school_id,
        "teacher": account.teacher_id,
        "is_active": account.is_active,
        "must_change_password": account.must_change_password,
    }


def store_password(account: User, password: str, *, must_change: bool) -> None:
    """Set the password, remember its hash for the history rule, and mark when it was set. The outgoing password
    joins the history first if it is not there yet (set before the policy existed, or by a command)."""
    latest = account.password_history.values_list("password", flat=True).first()
    if account.has_usable_password() and account.password != latest:
        PasswordHistory.objects.create(user=account, password=account.password)
    account.set_password(password)
    account.password_changed_at = timezone.now()
    account.must_change_password = must_change
    account.save(update_fields=["password", "password_changed_at", "must_change_password"])
    PasswordHistory.objects.create(user=account, password=account.password)
