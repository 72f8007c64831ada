"""Events of a Matter's life (jianfu.matters): submitted, decided, published, attachments, merged and
reused (measures 2 and 12)."""

from jianfu.audit.events.base import Category, _matter_region, _record
from jianfu.audit.models import AuditEvent


def matter_submitted(*, actor, matter, from_state: str, to_state: str) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.submit",
        obj=matter,
        region_code=_matter_region(matter),
        changes={"state": [from_state, to_state]},
        extra={"verdict": matter.verdict, "catalog_version": matter.catalog_version, "chain": matter.chain},
    )


def matter_decided(
    *, actor, matter, decision: str, from_state: str, to_state: str, reason: str = ""
) -> AuditEvent:
    """An approver's step: approve, reject or send_back; `reason` holds the reason or the justification."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"matter.{decision}",
        obj=matter,
        region_code=_matter_region(matter),
        reason=reason,
        changes={"state": [from_state, to_state]},
        extra={"verdict": matter.verdict, "catalog_version": matter.catalog_version, "reason": reason},
    )


def matter_published(*, actor, matter) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.publish",
        obj=matter,
        region_code=_matter_region(matter),
        extra={"verification_code": matter.verification_code},
    )


def matter_attachment_added(*, actor, matter, name: str, content_type: str, size: int) -> AuditEvent:
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.attach",
        obj=matter,
        region_code=_matter_region(matter),
        extra={"name": name, "content_type": content_type, "size": size},
    )


def matter_merged(*, actor, matter, into, from_state: str, reason: str = "") -> AuditEvent:
    """Measures 2 and 12: a pending Matter folded into an earlier one of the same kind (state -> merged)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.merge",
        obj=matter,
        region_code=_matter_region(matter),
        reason=reason,
        changes={"state": [from_state, matter.state], "merged_into": [None, into.pk]},
        extra={"into": into.pk, "into_title": into.title, "into_state": into.state},
    )


def matter_reuse_recorded(*, actor, matter, source, reason: str = "") -> AuditEvent:
    """Measure 12 (互认共享): an inspection reuses an earlier inspection's results and materials."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="matter.reuse",
        obj=matter,
        region_code=_matter_region(matter),
        reason=reason,
        changes={"reuses": [None, source.pk]},
        extra={"source": source.pk, "source_title": source.title},
    )
