"""Searching the audit log, within the supervisor's area (the audit administrator's: all of it)."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.audit.models import AuditEvent


def audit_event_search(
    *,
    user,
    query: str = "",
    category: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events the user may see, newest first; `query` matches the actor, the action or the object."""
    events = scope.visible_to(user, AuditEvent)
    if category:
        events = events.filter(category=category)
    if query:
        events = events.filter(
            Q(actor_label__icontains=query)
            | Q(action__icontains=query)
            | Q(object_label__icontains=query)
            | Q(object_id=query)
        )
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        events = events.filter(
            occurred_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    return events
