"""Events of account administration (三员分立, ADR 0009) and of the password policy: accounts created, enabled or
disabled, passwords reset or changed, roles granted, lockouts lifted. Never a password or its hash."""

from collections.abc import Mapping
from typing import Any

from jianfu.audit.events.base import Category, _record, diff
from jianfu.audit.models import AuditEvent


def account_created(*, actor, account, values: Mapping[str, Any]) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="account.create",
        obj=account,
        changes={key: [None, value] for key, value in values.items()},
    )


def account_changed(
    *, actor, account, action: str, old: Mapping[str, Any], new: Mapping[str, Any], reason: str = ""
) -> AuditEvent:
    """One administrator's change of an account: `action` names it (account.disable, account.grant, …)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=action,
        obj=account,
        reason=reason,
        changes=diff(old, new),
    )


def account_unlocked(*, actor, account, attempts_cleared: int) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.AUTH,
        action="account.unlock",
        obj=account,
        extra={"attempts_cleared": attempts_cleared},
    )


def password_changed(*, user, expired: bool, forced: bool) -> AuditEvent:
    """The user changed their own password (`forced`: after a reset; `expired`: it had run out)."""
    return _record(
        actor=user,
        category=Category.AUTH,
        action="auth.password_change",
        obj=user,
        extra={"forced": forced, "expired": expired},
    )
