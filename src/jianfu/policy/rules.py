"""Structured checks, by name: the catalog says which check a rule uses and with which parameters.

Each check takes the Matter, the screening context, the rule's parameters and the analysed text, and returns
a Hit (evidence and message values) or None. A check for another kind returns None, never raises.
"""

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from jianfu.policy.context import ScreeningContext, region_names
from jianfu.policy.matter_input import MatterBase
from jianfu.policy.text import AnalysedText, Hit

Check = Callable[[MatterBase, ScreeningContext, Mapping[str, Any], AnalysedText], Hit | None]
CHECKS: dict[str, Check] = {}

TIER_LEVEL = {"school": "school", "county": "county", "city": "city"}
TIER_LABEL = {"school": "校本（学校）", "county": "骨干（旗县区）", "city": "名优（市级）"}
LEVEL_LABEL = {"school": "学校", "county": "旗县区", "city": "市级"}
MONTHS = re.compile(r"([0-9]+|[一二两三四五六七八九十]+)个?月")
CN_NUMBERS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return register


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + CN_NUMBERS.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CN_NUMBERS.get(tens, 0) * 10 + CN_NUMBERS.get(ones, 0)
    return CN_NUMBERS.get(text, 0)


@check("inspection_not_in_plan")
def _not_in_plan(matter, ctx, params, text):
    if getattr(matter, "in_annual_plan", True) is False:
        return Hit(evidence="未列入年度计划（in_annual_plan=false）")
    return None


@check("non_education_inspection")
def _non_education_inspection(matter, ctx, params, text):
    if not matter.organizer.is_education:
        return Hit(evidence=f"组织者：{matter.organizer.name}", values={"organizer": matter.organizer.name})
    return None


@check("inspection_interval")
def _interval(matter, ctx, params, text):
    assigned, starts = getattr(matter, "work_assigned_on", None), getattr(matter, "starts_on", None)
    minimum = int(params.get("min_interval_days", 30))
    if assigned is None or starts is None or (starts - assigned).days >= minimum:
        return None
    days = (starts - assigned).days
    values = {"assigned": assigned.isoformat(), "starts": starts.isoformat(), "days": str(days)}
    return Hit(evidence=f"工作布置 {assigned}，检查开始 {starts}", values=values)


@check("announce_ahead")
def _announce_ahead(matter, ctx, params, text):
    starts = getattr(matter, "starts_on", None)
    if ctx.today is None or starts is None:
        return None
    months = int(params.get("months_ahead", 1))
    earliest = add_months(ctx.today, months)
    if starts >= earliest:
        return None
    values = {"today": ctx.today.isoformat(), "earliest": earliest.isoformat(), "starts": starts.isoformat()}
    return Hit(evidence=f"开始日期 {starts}", values=values)


@check("exam_week")
def _exam_week(matter, ctx, params, text):
    starts = getattr(matter, "starts_on", None)
    if starts is None:
        return None
    clashes = [week for week in ctx.exam_weeks if week.starts_on <= starts <= week.ends_on]
    if not clashes:
        return None
    detail = "；".join(f"{week.school}的{week.title}（{week.starts_on}至{week.ends_on}）" for week in clashes)
    return Hit(evidence=detail, values={"starts": starts.isoformat(), "weeks": detail})


def _requested_items(matter: MatterBase) -> list[str]:
    return list(getattr(matter, "materials", None) or getattr(matter, "fields", None) or [])


@check("materials_already_submitted")
def _already_submitted(matter, ctx, params, text):
    submitted = {item.strip() for item in ctx.submitted_materials}
    repeated = [item for item in _requested_items(matter) if item.strip() in submitted]
    if repeated:
        return Hit(evidence="、".join(repeated), values={"items": "、".join(repeated)})
    return None


@check("archive_materials")
def _archive_materials(matter, ctx, params, text):
    wanted = params.get("items", ())
    listed = [item for item in _requested_items(matter) if any(word in item for word in wanted)]
    mentioned = [word for word in wanted if text.occurrences(word, 0, len(text.norm))]
    items = list(dict.fromkeys(listed + mentioned))
    if items:
        return Hit(evidence="、".join(items), values={"items": "、".join(items)})
    return None


@check("campus_activity_approval")
def _campus_approval(matter, ctx, params, text):
    if not matter.organizer.is_education:
        return Hit(evidence=f"组织者：{matter.organizer.name}", values={"organizer": matter.organizer.name})
    return None


@check("campus_activity_quota")
def _campus_quota(matter, ctx, params, text):
    maximum = int(params.get("max_per_school_semester", 6))
    full = [
        (code, ctx.campus_activities_this_semester.get(code, 0))
        for code in getattr(matter, "school_codes", [])
        if ctx.campus_activities_this_semester.get(code, 0) >= maximum
    ]
    if not full:
        return None
    values = {"schools": "、".join(code for code, _ in full), "count": str(max(count for _, count in full))}
    return Hit(evidence=f"本学期已有进校园活动：{dict(full)}", values=values)


@check("curriculum_overlap")
def _curriculum_overlap(matter, ctx, params, text):
    theme = f"{getattr(matter, 'theme', '')} {matter.title}"
    term = next((word for word in params.get("themes", ()) if word in theme), None)
    return Hit(evidence=theme.strip(), values={"term": term}) if term else None


@check("social_exam_consent")
def _exam_consent(matter, ctx, params, text):
    if matter.organizer.is_education or getattr(matter, "education_consent", None) is True:
        return None
    return Hit(evidence=f"组织者：{matter.organizer.name}；教育部门同意：未见", values={})


@check("social_exam_quota")
def _exam_quota(matter, ctx, params, text):
    code = getattr(matter, "school_code", None)
    if code is None:
        return None
    details = []
    exams, max_exams = (
        ctx.social_exams_this_year.get(code, 0),
        int(params.get("max_exams_per_school_year", 6)),
    )
    if exams >= max_exams:
        details.append(f"学校{code}本年度已承担社会考试{exams}次，达到上限{max_exams}次")
    average, teachers = ctx.proctoring_per_teacher.get(code), ctx.teacher_counts.get(code)
    max_load = float(params.get("max_proctoring_per_teacher_year", 4))
    if teachers:
        after = (average or 0.0) + matter.proctors_needed / teachers
        if after > max_load:
            details.append(f"教师人均监考将达{after:.1f}次，超过上限{max_load:g}次")
    if details:
        return Hit(evidence="；".join(details), values={"detail": "；".join(details)})
    return None


@check("training_tier")
def _training_tier(matter, ctx, params, text):
    tier, level = getattr(matter, "tier", None), matter.organizer.level
    if tier is None or not matter.organizer.is_education or TIER_LEVEL[tier] == level:
        return None
    values = {"tier": TIER_LABEL[tier], "level": LEVEL_LABEL[level]}
    return Hit(evidence=f"tier={tier}，organizer.level={level}", values=values)


@check("training_notice")
def _training_notice(matter, ctx, params, text):
    published, starts = getattr(matter, "published_on", None), getattr(matter, "starts_on", None)
    minimum = int(params.get("min_notice_days", 14))
    if published is None or starts is None or (starts - published).days >= minimum:
        return None
    values = {
        "published": published.isoformat(),
        "starts": starts.isoformat(),
        "days": str((starts - published).days),
    }
    return Hit(evidence=f"发布 {published}，开始 {starts}", values=values)


@check("meeting_sub_venue")
def _sub_venue(matter, ctx, params, text):
    venue = getattr(matter, "venue_region", None)
    if venue is None:
        return None
    counts: dict[str, int] = {}
    for attendance in matter.attendees:
        counts[attendance.region] = counts.get(attendance.region, 0) + attendance.count
    limit_km, minimum = float(params.get("distance_km", 50)), int(params.get("min_attendees", 5))
    far = []
    for region, count in counts.items():
        distance = ctx.distance_km(venue, region)
        if distance is not None and distance >= limit_km and count >= minimum:
            far.append((region, distance, count))
    if not far:
        return None
    names = region_names()
    values = {
        "regions": "、".join(names.get(region, region) for region, _, _ in far),
        "distance": "、".join(f"{distance:.0f}" for _, distance, _ in far),
        "count": "、".join(str(count) for _, _, count in far),
    }
    return Hit(evidence="；".join(f"{r} {d:.0f}公里 {c}人" for r, d, c in far), values=values)


@check("meeting_length")
def _meeting_length(matter, ctx, params, text):
    minutes, maximum = getattr(matter, "duration_minutes", 0), int(params.get("max_minutes", 120))
    if minutes > maximum:
        return Hit(evidence=f"{minutes}分钟", values={"minutes": str(minutes)})
    return None


@check("meeting_unrelated_teachers")
def _unrelated_meeting(matter, ctx, params, text):
    if getattr(matter, "teachers_attend", False) and not matter.organizer.is_education:
        return Hit(
            evidence=f"组织者：{matter.organizer.name}；教师参会", values={"organizer": matter.organizer.name}
        )
    return None


@check("non_education_training")
def _non_education_training(matter, ctx, params, text):
    if not matter.organizer.is_education:
        return Hit(evidence=f"组织者：{matter.organizer.name}", values={"organizer": matter.organizer.name})
    return None


@check("secondment_term")
def _secondment_term(matter, ctx, params, text):
    starts, ends = getattr(matter, "starts_on", None), getattr(matter, "ends_on", None)
    maximum = int(params.get("max_months", 6))
    if starts is None or ends is None or ends < add_months(starts, maximum):
        return None
    months = f"{(ends - starts).days / 30.44:.1f}"
    values = {"starts": starts.isoformat(), "ends": ends.isoformat(), "months": months}
    return Hit(evidence=f"{starts} 至 {ends}", values=values)


@check("secondment_procedure")
def _secondment_procedure(matter, ctx, params, text):
    missing = []
    if getattr(matter, "education_consent", True) is not True:
        missing.append("未经县级以上教育部门同意")
    if getattr(matter, "party_filing", True) is not True:
        missing.append("未报同级党委审批备案")
    return Hit(evidence="；".join(missing), values={"missing": "、".join(missing)}) if missing else None


@check("prose_secondment")
def _prose_secondment(matter, ctx, params, text):
    end = len(text.norm)
    things = tuple(params.get("things", ()))
    window = int(params.get("thing_window", 8))

    def of_people(word: str, at: int) -> bool:
        # "借用学校计算机教室作为考点" borrows a room, not a teacher.
        following = text.norm[at + len(word) : at + len(word) + window]
        return not any(thing in following for thing in things)

    verb = next(
        (
            word
            for word in params.get("verbs", ())
            if any(of_people(word, at) for at in text.occurrences(word, 0, end))
        ),
        None,
    )
    if verb is None:
        return None
    maximum = int(params.get("max_months", 6))
    long_term = next((word for word in params.get("long_terms", ()) if word in text.norm), None)
    months = [_cn_number(match.group(1)) for match in MONTHS.finditer(text.norm)]
    if long_term is None and any(value > maximum for value in months):
        long_term = f"{max(months)}个月"
    detail = f"抽调借用教师（“{verb}”" + (f"，期限“{long_term}”）" if long_term else "）")
    return Hit(evidence=detail, values={"detail": detail})


def _registry(matter: MatterBase, ctx: ScreeningContext) -> tuple[frozenset[str], str]:
    if getattr(matter, "population", "teachers") == "students":
        return ctx.student_fields, "学生学籍信息库"
    return ctx.teacher_fields, "教师管理信息系统"


@check("registry_fields")
def _registry_fields(matter, ctx, params, text):
    held, registry = _registry(matter, ctx)
    fields = [name for name in getattr(matter, "fields", []) if name.strip() in held]
    if fields:
        return Hit(evidence="、".join(fields), values={"fields": "、".join(fields), "registry": registry})
    return None


@check("student_data_export")
def _student_export(matter, ctx, params, text):
    if getattr(matter, "population", None) == "students":
        return Hit(evidence="population=students", values={"fields": "、".join(matter.fields)})
    return None


@check("parents_via_teachers")
def _parents(matter, ctx, params, text):
    if matter.targets.parents and not matter.organizer.is_education:
        return Hit(evidence="面向家长（targets.parents=true）", values={"organizer": matter.organizer.name})
    return None
