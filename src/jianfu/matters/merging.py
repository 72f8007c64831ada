"""Measures 2 and 12 (互认共享): what may be merged into what, and whose inspection results may be reused.

Pure checks on two Matters; the services (services.merging) run them under row locks, the detail page uses
them to offer only the actions that would be accepted.
"""

from jianfu.matters.models import Kind, Matter, State
from jianfu.matters.models.matter import PENDING_STATES

MERGE_TARGET_STATES = (State.APPROVED, *PENDING_STATES)


def _earlier(first: Matter, second: Matter) -> bool:
    """Whether `first` was submitted before `second` (ties by id)."""
    if first.submitted_at is None or second.submitted_at is None:
        return False
    return (first.submitted_at, first.pk) < (second.submitted_at, second.pk)


def merge_refusal(*, matter: Matter, target: Matter) -> str | None:
    """Why `matter` may not be merged into `target`, or None. The merged one is pending; the target is an
    earlier Matter of the same kind, approved or still pending."""
    if target.pk == matter.pk:
        return "不能与自身合并"
    if matter.state not in PENDING_STATES:
        return "只有审批中的事项可以合并"
    if target.kind != matter.kind:
        return "只能与同类事项合并"
    if target.state not in MERGE_TARGET_STATES:
        return "只能合并到已批准或审批中的事项"
    if not _earlier(target, matter):
        return "只能合并到更早提交的事项"
    return None


def reuse_refusal(*, matter: Matter, source: Matter) -> str | None:
    """Why inspection `matter` may not reuse `source`'s results and materials, or None."""
    if matter.kind != Kind.INSPECTION or source.kind != Kind.INSPECTION:
        return "只有督查检查可以沿用其他检查的结果"
    if source.pk == matter.pk:
        return "不能沿用自身"
    if matter.state not in PENDING_STATES:
        return "只有审批中的检查可以记录沿用"
    if source.state != State.APPROVED:
        return "只能沿用已批准的检查"
    if matter.reuses_id == source.pk:
        return "已记录沿用该检查的结果"
    if not _earlier(source, matter):
        return "只能沿用更早的检查"
    return None
