"""Writes of parent-school sessions (measure 19): a school's administrators record and remove their own."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.parentschools.models import AUDIENCES, ParentSchoolSession


def _values(session: ParentSchoolSession) -> dict:
    return {
        "date": session.date.isoformat(),
        "title": session.title,
        "speaker": session.speaker,
        "audience_grade": session.audience_grade,
        "attended": session.attended,
        "invited": session.invited,
        "notes": session.notes,
    }


def parent_school_session_record(
    *, actor, date: dt.date | None, title: str, speaker: str, audience_grade: str, attended: int | None,
    invited: int | None, notes: str = "",
) -> ParentSchoolSession:  # fmt: skip
    if getattr(actor, "role", None) != Role.SCHOOL_ADMIN or not actor.school_id:
        raise PermissionDenied("只有学校管理员可以登记本校家长学校活动")
    errors = {}
    if date is None:
        errors["date"] = "请填写活动日期"
    elif date > timezone.localdate():
        errors["date"] = "活动日期不能晚于今天（登记已举办的活动）"
    if not title.strip():
        errors["title"] = "请填写活动主题"
    if not speaker.strip():
        errors["speaker"] = "请填写主讲人"
    if audience_grade not in AUDIENCES:
        errors["audience_grade"] = "请选择面向年级"
    if invited is None or invited < 1:
        errors["invited"] = "应到家长数至少为1"
    if attended is None or attended < 0:
        errors["attended"] = "请填写实到家长数"
    elif invited is not None and attended > invited:
        errors["attended"] = "实到家长数不能超过应到家长数"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = ParentSchoolSession.objects.create(
            school_id=actor.school_id, date=date, title=title.strip()[:120], speaker=speaker.strip()[:60],
            audience_grade=audience_grade, attended=attended, invited=invited, notes=notes.strip(),
            recorded_by=actor,
        )  # fmt: skip
        events.object_created(actor=actor, obj=session, values=_values(session))
    return session


def parent_school_session_delete(*, actor, session_id: int) -> None:
    """Remove a session recorded in error (out of the school's reach: 404); the audit row keeps what it held."""
    with transaction.atomic():
        session = scope.access_by_id(actor, ParentSchoolSession, session_id, for_change=True)
        values = _values(session)
        events.object_deleted(actor=actor, obj=session, values=values)
        session.delete()
