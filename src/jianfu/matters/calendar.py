"""iCalendar feeds of approved Matters for a school or a teacher (RFC 5545, built with `icalendar`).

A feed's URL token is its stored random nonce signed with the server's key (django.core.signing): the URL
cannot be guessed, a leaked database row alone does not open the feed, and regenerating the nonce retires the
old URL. Rotating SECRET_KEY retires every feed URL (owners regenerate theirs).
"""

import datetime as dt
import secrets
from collections.abc import Iterable

from django.core import signing
from django.utils import timezone
from icalendar import Calendar, Event

from jianfu.matters.models import Kind, Matter

CONTENT_TYPE = "text/calendar; charset=utf-8"
# What goes into a calendar: demands with a date that someone must turn up for or make room for.
CALENDAR_KINDS = (Kind.INSPECTION, Kind.CAMPUS_ACTIVITY, Kind.SOCIAL_EXAM, Kind.MEETING, Kind.TRAINING)
HISTORY_DAYS = 365  # finished Matters stay in the feed this long

_signer = signing.Signer(salt="jianfu.matters.calendar", sep=".")


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def token_for(nonce: str) -> str:
    return _signer.sign(nonce)


def nonce_from(token: str) -> str | None:
    """The nonce a token carries if the server signed it, else None."""
    try:
        return _signer.unsign(token)
    except signing.BadSignature:
        return None


def feed_name(*, school=None, teacher=None) -> str:
    return f"{teacher.name}的涉校事项" if teacher is not None else f"{school.name}涉校事项"


def ics(*, name: str, matters: Iterable[Matter], verify_url, host: str) -> bytes:
    """The feed: one all-day event per Matter (DTEND exclusive, RFC 5545); `verify_url(code)` links each to
    its public verification page."""
    calendar = Calendar()
    calendar.add("prodid", "-//jianfu//涉校事项日程//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for matter in matters:
        if matter.starts_on is None:
            continue
        ends_on = max(matter.ends_on or matter.starts_on, matter.starts_on)
        event = Event()
        event.add("uid", f"matter-{matter.pk}@{host}")
        event.add("summary", matter.title)
        event.add("dtstart", matter.starts_on)
        event.add("dtend", ends_on + dt.timedelta(days=1))
        event.add("dtstamp", matter.decided_at or timezone.now())
        event.add("categories", [matter.get_kind_display()])
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add("url", verify_url(matter.verification_code))
        lines = [
            f"类型：{matter.get_kind_display()}{'（计划外）' if matter.out_of_plan else ''}",
            f"组织部门：{matter.organizer.name}",
            f"批准机关：{matter.approved_by_label}",
            f"核验码：{matter.display_code}",
        ]
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return calendar.to_ical()
