"""Measure 20: annual physical examinations (一年一体检) and the anonymous WHO-5 wellbeing check.

WHO-5 (WHO Collaborating Centre in Mental Health, 1998; public domain): five items on the last two weeks, each
0 (从未有过) to 5 (所有时间); raw 0–25, index = raw × 4 (0–100). Answering is voluntary.

Anonymity: a teacher answers with a one-time token, HMAC(SECRET_KEY, period:teacher). The answer row holds the
items, the school and county and the period only (models.wellbeing); the token is stored apart, as its SHA-256,
so a second answer in the period is refused. The platform can tell *that* a teacher answered (it can recompute the
token), never *what*. No audit row is written for an answer: an audit row carries the actor and the IP.
Results are shown only as aggregates of at least MIN_GROUP answers.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.burden.models import PhysicalExam, UsedWellbeingToken, WellbeingResponse
from jianfu.registry.models import Teacher

WHO5_ITEMS = (
    "我感到快乐、心情舒畅",
    "我感到宁静、放松",
    "我感到充满活力、精力充沛",
    "我睡醒时感到神清气爽、得到了充分休息",
    "我每天的生活充满了让我感兴趣的事情",
)
WHO5_SCALE = (
    (5, "所有时间"),
    (4, "大部分时间"),
    (3, "一半以上时间"),
    (2, "少于一半时间"),
    (1, "偶尔"),
    (0, "从未有过"),
)
MIN_GROUP = 10
WITHHELD = "样本不足10人，不予显示"
LOW_WELLBEING = 50  # an index at or below 50 suggests poor wellbeing (WHO-5 guidance)


def period_of(day: dt.date) -> str:
    """Half-years: 2030-1 (January–June), 2030-2 (July–December)."""
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def token_for(*, teacher_id: int, period: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"who5:{period}:{teacher_id}".encode(), hashlib.sha256).hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def has_answered(*, teacher_id: int, period: str) -> bool:
    return UsedWellbeingToken.objects.filter(
        pk=_hash(token_for(teacher_id=teacher_id, period=period))
    ).exists()


def wellbeing_answer(*, actor, period: str, items: list[int]) -> None:
    """Store one anonymous answer for the teacher's school and period; refuse a second one. Returns nothing that
    identifies the row."""
    if getattr(actor, "role", None) != Role.TEACHER or not actor.teacher_id:
        raise PermissionDenied("只有教师本人可以填写")
    if len(items) != len(WHO5_ITEMS) or any(type(v) is not int or not 0 <= v <= 5 for v in items):
        raise ValidationError({"items": "请对五个问题各选择一项（0–5）"})
    teacher = Teacher.objects.select_related("school").get(pk=actor.teacher_id)
    token = token_for(teacher_id=teacher.pk, period=period)
    try:
        with transaction.atomic():
            UsedWellbeingToken.objects.create(token_hash=_hash(token), period=period)
            WellbeingResponse.objects.create(
                period=period,
                school_id=teacher.school_id,
                region_id=teacher.school.region_id,
                item1=items[0], item2=items[1], item3=items[2], item4=items[3], item5=items[4],
                raw_score=sum(items),
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"period": "本期已填写，感谢参与"}) from exc


def wellbeing_aggregate(*, user, period: str, school_id: int | None = None, region_code: str = "") -> dict:
    """Count, mean index and share at or below 50 for the responses in scope (and the group asked for); under
    MIN_GROUP responses nothing but the notice is returned."""
    rows = scope.visible_to(user, WellbeingResponse).filter(period=period)
    if school_id is not None:
        rows = rows.filter(school_id=school_id)
    if region_code:
        rows = rows.filter(region__code=region_code)
    stats = rows.aggregate(
        count=Count("pk"), raw=Avg("raw_score"), low=Count("pk", filter=Q(raw_score__lte=LOW_WELLBEING // 4))
    )
    if stats["count"] < MIN_GROUP:
        return {"count": None, "withheld": True, "message": WITHHELD}
    return {
        "count": stats["count"],
        "withheld": False,
        "mean_index": round(stats["raw"] * 4, 1),
        "low_share": round(stats["low"] / stats["count"], 3),
    }


# --- physical examinations ---------------------------------------------------------------------------------------


def physical_exam_record(
    *, actor, teacher_id: int, year: int, due_on: dt.date, done_on: dt.date | None = None
) -> PhysicalExam:
    """The school sets a teacher's examination for the year (due) and records it done; audited."""
    if getattr(actor, "role", None) != Role.SCHOOL_ADMIN or not actor.school_id:
        raise PermissionDenied("只有学校管理员可以登记本校教师体检")
    if done_on is not None and done_on.year != year:
        raise ValidationError({"done_on": "体检日期应在该年度内"})
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": "体检日期不能晚于今天"})
    with transaction.atomic():
        teacher = scope.access_by_id(actor, Teacher, teacher_id, for_change=True)
        exam = PhysicalExam.objects.select_for_update().filter(teacher=teacher, year=year).first()
        old = (
            {"due_on": exam.due_on.isoformat(), "done_on": exam.done_on.isoformat() if exam.done_on else None}
            if exam
            else {}
        )
        if exam is None:
            exam = PhysicalExam(teacher=teacher, school_id=teacher.school_id, year=year, recorded_by=actor)
        exam.due_on, exam.done_on, exam.recorded_by = due_on, done_on, actor
        exam.save()
        events.physical_exam_recorded(actor=actor, exam=exam, old=old)
    return exam


def physical_exam_summary(*, user, year: int, today: dt.date) -> list[dict]:
    """Per school in scope: due (not done, due date not passed), done, overdue (due date passed, not done)."""
    return list(
        scope.visible_to(user, PhysicalExam)
        .filter(year=year)
        .values("school_id", "school__name")
        .annotate(
            done=Count("pk", filter=Q(done_on__isnull=False)),
            due=Count("pk", filter=Q(done_on__isnull=True, due_on__gte=today)),
            overdue=Count("pk", filter=Q(done_on__isnull=True, due_on__lt=today)),
        )
        .order_by("school__name", "school_id")
    )
