"""The year's quotas and timing limits (QuotaSetting) and schools' exam weeks: what screening and quotas read.

The city's bureau sets the city's row for a year, a county's bureau may override it for its county (and drop the
override again); a school administrator records the school's exam weeks. Every change is audited with its old
and new values.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.common.regional_settings import (
    bureau_region,
    clean_year,
    regional_setting_reset,
    regional_setting_save,
)
from jianfu.matters import quotas
from jianfu.matters.models import ExamWeek, QuotaSetting

# field -> (label, largest allowed value)
QUOTA_FIELDS: dict[str, tuple[str, int]] = {
    "campus_activities_per_semester": ("每校每学期进校园活动上限", 50),
    "supervisions_per_year": ("每校每年县级以上综合督导上限", 12),
    "social_exams_per_year": ("每校每年社会考试上限", 50),
    "proctoring_per_teacher_year": ("教师每年人均监考上限", 50),
    "min_interval_days": ("工作布置后最短检查间隔（天）", 365),
    "announce_months_ahead": ("检查内容提前公布（月）", 12),
}
EXAM_WEEK_MAX_DAYS = 31


def values_of(setting: QuotaSetting) -> dict[str, int]:
    return {field: getattr(setting, field) for field in QUOTA_FIELDS}


def setting_region(*, actor):
    """The region whose settings the actor changes; PermissionDenied for anyone but a bureau of its level."""
    return bureau_region(actor=actor, refusal="只有市、旗县区教育局可以设置本级的配额与时限")


def _clean_values(values: dict[str, Any]) -> dict[str, int]:
    cleaned, errors = {}, {}
    for field, (label, largest) in QUOTA_FIELDS.items():
        text = str(values.get(field, "")).strip()
        if not text.isdigit() or int(text) > largest:
            errors[field] = f"{label}应为0至{largest}的整数"
        else:
            cleaned[field] = int(text)
    if errors:
        raise ValidationError(errors)
    return cleaned


def quota_setting_save(*, actor, year: Any, values: dict[str, Any], reason: str = "") -> QuotaSetting:
    """Create or change the actor's own region's setting for `year`; the first save of a county copies nothing:
    every field is given."""
    region = setting_region(actor=actor)
    year = clean_year(year)
    new = _clean_values(values)
    return regional_setting_save(
        actor=actor, model=QuotaSetting, region=region, year=year, new=new, audited=dict, reason=reason
    )


def quota_setting_reset(*, actor, year: Any) -> QuotaSetting:
    """Drop a county's own setting for `year`: the city's applies again. Answers with what now applies."""
    region = setting_region(actor=actor)
    year = regional_setting_reset(
        actor=actor,
        model=QuotaSetting,
        region=region,
        year=year,
        fields=list(QUOTA_FIELDS),
        audited=dict,
        refusal="市级设置是全市的默认值，不能删除，只能修改",
    )
    return quotas.setting_for(year=year, region=region)


def _clean_week(title: str, starts_on: dt.date | None, ends_on: dt.date | None) -> dict[str, Any]:
    errors = {}
    title = (title or "").strip()
    if not title or len(title) > 60:
        errors["title"] = "请填写名称（不超过60字）"
    if starts_on is None:
        errors["starts_on"] = "请填写开始日期"
    if ends_on is None:
        errors["ends_on"] = "请填写结束日期"
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = "结束日期不能早于开始日期"
    elif starts_on is not None and (ends_on - starts_on).days >= EXAM_WEEK_MAX_DAYS:
        errors["ends_on"] = f"一次考试周不超过{EXAM_WEEK_MAX_DAYS}天"
    if errors:
        raise ValidationError(errors)
    return {"title": title, "starts_on": starts_on, "ends_on": ends_on}


def exam_week_add(*, actor, title: str, starts_on: dt.date | None, ends_on: dt.date | None) -> ExamWeek:
    """A school administrator records one of the school's exam weeks: no inspection is approved inside it."""
    if actor.role != Role.SCHOOL_ADMIN or actor.school_id is None:
        raise PermissionDenied("只有学校管理员可以登记本校考试周")
    values = _clean_week(title, starts_on, ends_on)
    with transaction.atomic():
        week = ExamWeek.objects.create(school_id=actor.school_id, **values)
        events.object_created(actor=actor, obj=week, values={"school": actor.school.code, **values})
    return week


def exam_week_delete(*, actor, exam_week_id: int) -> None:
    with transaction.atomic():
        week = scope.access_by_id(actor, ExamWeek, exam_week_id, for_change=True)
        events.object_deleted(
            actor=actor,
            obj=week,
            values={"title": week.title, "starts_on": week.starts_on, "ends_on": week.ends_on},
        )
        week.delete()
