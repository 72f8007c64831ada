"""Calendar feeds: a school administrator manages the school's feed, a teacher their own; (re)generating
replaces the secret so the old URL stops working. Audited without the secret."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.matters import calendar
from jianfu.matters.models import CalendarFeed


def owner_of(user) -> dict:
    """The feed a user manages: {'school_id': …} for a school administrator, {'teacher_id': …} for a teacher."""
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return {"school_id": user.school_id}
    if user.role == Role.TEACHER and user.teacher_id:
        return {"teacher_id": user.teacher_id}
    raise PermissionDenied("只有学校管理员和教师有日程订阅")


def calendar_feed_regenerate(*, actor) -> CalendarFeed:
    """Create the actor's feed, or give it a new secret (the old URL answers 404 from now on)."""
    owner = owner_of(actor)
    for _ in range(3):
        try:
            with transaction.atomic():
                return _regenerate(actor, owner)
        except IntegrityError:  # a nonce collision (2^-192) or a concurrent first generation: try again
            continue
    raise IntegrityError("calendar feed could not be generated")  # pragma: no cover


def _regenerate(actor, owner: dict) -> CalendarFeed:
    feed = scope.editable_by(actor, CalendarFeed).select_for_update().first()
    now = timezone.now()
    if feed is None:
        feed = CalendarFeed.objects.create(
            nonce=calendar.new_nonce(), created_by=actor, created_at=now, **owner
        )
        owner_label = {key.removesuffix("_id"): value for key, value in owner.items()}
        events.object_created(actor=actor, obj=feed, values=owner_label)
        return feed
    old = {"regenerated_at": feed.regenerated_at}
    feed.nonce = calendar.new_nonce()
    feed.regenerated_at = now
    feed.save(update_fields=["nonce", "regenerated_at"])
    events.object_changed(
        actor=actor, obj=feed, old=old, new={"regenerated_at": now}, reason="重新生成订阅地址，原地址失效"
    )
    return feed
