"""The accounts the tests of 三员分立 (ADR 0009) act with: administrators hold no organisation."""

from jianfu.accounts.models import Role, User
from jianfu.audit.models import AuditEvent
from tests.factories import UserFactory


def administrator(role: str = Role.SYSTEM_ADMIN, **kwargs) -> User:
    return UserFactory(role=role, region=None, **kwargs)


def pending_account(**kwargs) -> User:
    return UserFactory(role=Role.PENDING, region=None, **kwargs)


def snapshot(account: User) -> dict:
    """What a refused action must leave unchanged: the account's row and the audit log."""
    row = User.objects.filter(pk=account.pk).values().get()
    row.pop("last_login")
    return {"account": row, "audit_rows": AuditEvent.objects.count()}
