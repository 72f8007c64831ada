"""Measures 15-17: data requests answered from the registry first (jianfu.datahub)."""

from jianfu.audit.events.base import Category, _matter_region, _record
from jianfu.audit.models import AuditEvent


def data_request_fulfilled(*, actor, delivery, tasks: int) -> AuditEvent:
    """An approved data request: held fields delivered from the registry, forms issued only for new ones."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="datadelivery.create",
        obj=delivery,
        region_code=_matter_region(delivery.matter) or "",
        extra={
            "matter": delivery.matter_id,
            "fields": [item["code"] for item in delivery.fields],
            "people": delivery.people,
            "served": delivery.served,
            "asked": delivery.asked,
            "tasks": tasks,
        },
    )


def field_values_answered(*, actor, task, field_ids, completed: bool) -> AuditEvent:
    """A teacher's answers to a data request's form: which fields, never the values (they are personal data)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="teacherfieldvalue.answer",
        obj=task,
        extra={
            "matter": task.delivery.matter_id,
            "teacher": task.teacher_id,
            "fields": sorted(field_ids),
            "completed": completed,
        },
    )


def data_delivery_downloaded(*, actor, delivery, rows: int) -> AuditEvent:
    """A personal-data read: the requesting department downloads what the registry delivers for its request."""
    return _record(
        actor=actor,
        category=Category.READ,
        action="datadelivery.download",
        obj=delivery,
        region_code=_matter_region(delivery.matter) or "",
        extra={
            "matter": delivery.matter_id,
            "rows": rows,
            "fields": [item["code"] for item in delivery.fields],
        },
    )
