"""What every event shares: `_record`, which writes the row, `diff`, and the generic events (a row created,
changed or deleted, personal data viewed, listed or exported, logins and logouts)."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from jianfu.audit import context
from jianfu.audit.models import AuditEvent

Category = AuditEvent.Category


def _region_code_of(obj: Model | None, actor) -> str:
    """The region an event belongs to, so supervisors of that area can find it."""
    if obj is not None:
        if obj._meta.label == "registry.Region":
            return obj.code
        for holder in (obj, getattr(obj, "school", None)):
            region = getattr(holder, "region", None)
            if region is not None:
                return region.code
    region = getattr(actor, "region", None)
    return region.code if region is not None else ""


def _record(
    *,
    actor,
    category: str,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    region_code: str | None = None,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    ctx = context.current()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else (actor if isinstance(actor, str) else "系统")),
        actor_role=getattr(actor, "role", "") if is_user else "",
        ip_address=ctx.ip_address,
        user_agent=ctx.user_agent,
        request_id=ctx.request_id,
        category=category,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_label=(str(obj) if obj is not None else object_label)[:200],
        region_code=region_code
        if region_code is not None
        else _region_code_of(obj, actor if is_user else None),
        reason=reason[:200],
        changes=dict(changes or {}),
        extra=dict(extra or {}),
    )


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as {field: [old, new]}."""
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def _matter_region(matter) -> str | None:
    region = getattr(matter, "route_region", None)
    return region.code if region is not None else None


def object_created(*, actor, obj: Model, values: Mapping[str, Any], reason: str = "") -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"{obj._meta.model_name}.create",
        obj=obj,
        reason=reason,
        changes={key: [None, value] for key, value in values.items()},
    )


def object_changed(
    *, actor, obj: Model, old: Mapping[str, Any], new: Mapping[str, Any], reason: str = ""
) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"{obj._meta.model_name}.update",
        obj=obj,
        reason=reason,
        changes=diff(old, new),
    )


def object_deleted(*, actor, obj: Model, values: Mapping[str, Any], reason: str = "") -> AuditEvent:
    """A row removed; `values` keeps what it held."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"{obj._meta.model_name}.delete",
        obj=obj,
        reason=reason,
        changes={key: [value, None] for key, value in values.items()},
    )


def personal_data_viewed(*, actor, obj: Model, reason: str = "") -> AuditEvent:
    return _record(
        actor=actor, category=Category.READ, action=f"{obj._meta.model_name}.view", obj=obj, reason=reason
    )


def personal_data_listed(*, actor, model: type[Model], count: int, filters: Mapping[str, Any]) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.READ,
        action=f"{model._meta.model_name}.list",
        object_type=model._meta.label_lower,
        object_label=f"{model._meta.verbose_name}列表",
        extra={"count": count, "filters": dict(filters)},
    )


def data_exported(*, actor, model: type[Model], count: int, filters: Mapping[str, Any]) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.EXPORT,
        action=f"{model._meta.model_name}.export",
        object_type=model._meta.label_lower,
        object_label=f"{model._meta.verbose_name}导出",
        extra={"count": count, "filters": dict(filters)},
    )


def login_succeeded(*, user) -> AuditEvent:
    return _record(actor=user, category=Category.AUTH, action="auth.login", obj=user)


def login_failed(*, username: str) -> AuditEvent:
    return _record(
        actor=username[:150] or "匿名",
        category=Category.AUTH,
        action="auth.login_failed",
        object_type="accounts.user",
        object_label=username[:150],
        region_code="",
    )


def logged_out(*, user) -> AuditEvent:
    return _record(actor=user, category=Category.AUTH, action="auth.logout", obj=user)
