"""From what a submitter sends (form or API) to the engine's Matter JSON plus what the pipeline needs.

The input is the Matter JSON of issue 3 with a few keys of the pipeline beside it: `schools` (学校标识码 of the
schools concerned), `starts_on`/`ends_on` (the dates the demand is valid, for kinds whose JSON has none),
`comprehensive` (a comprehensive supervision, measure 1's quota) and `plan_entry` (the annual-plan entry an
inspection carries out). The organizer is always the submitter's own department, whatever the input says.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from jianfu.accounts import scope
from jianfu.matters.models import AnnualPlan, Kind, Matter, PlanEntry
from jianfu.policy.matter_input import MatterInputError, parse_matter
from jianfu.registry.models import Department, School, Teacher

# starts_on and ends_on stay in the payload: they are Matter JSON for some kinds, ignored by the engine for others.
PIPELINE_KEYS = ("schools", "comprehensive", "plan_entry", "draft")
# Kind -> (payload key of its start date, payload key of its end date)
DATE_KEYS = {
    Kind.INSPECTION: ("starts_on", None),
    Kind.CAMPUS_ACTIVITY: ("date", None),
    Kind.SOCIAL_EXAM: ("exam_date", None),
    Kind.TRAINING: ("starts_on", None),
    Kind.SECONDMENT: ("starts_on", "ends_on"),
}


@dataclass
class Intake:
    kind: str
    title: str
    description: str
    payload: dict[str, Any]
    schools: list[School] = field(default_factory=list)
    teacher: Teacher | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    comprehensive: bool = False
    plan_entry: PlanEntry | None = None


def organizer_of(department: Department) -> dict[str, Any]:
    return {"name": department.name, "is_education": department.is_education, "level": department.level}


def _date(value: Any, name: str, errors: list) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append({"field": name, "message": "不是有效的ISO日期（YYYY-MM-DD）"})
        return None


def _school_codes(data: dict, payload: dict, kind: str) -> list[str]:
    codes = data.get("schools")
    if codes is None:
        if kind == Kind.CAMPUS_ACTIVITY:
            codes = payload.get("school_codes")
        elif kind == Kind.SOCIAL_EXAM and payload.get("school_code"):
            codes = [payload.get("school_code")]
    if isinstance(codes, str):
        codes = [codes]
    return [str(code).strip() for code in codes or [] if str(code).strip()]


def _resolve_schools(user, codes: list[str], errors: list) -> list[School]:
    schools = {
        s.code: s for s in scope.visible_to(user, School).filter(code__in=codes).select_related("region")
    }
    unknown = [code for code in codes if code not in schools]
    if unknown:
        errors.append({"field": "schools", "message": f"未知的学校标识码：{'、'.join(unknown)}"})
    return [schools[code] for code in dict.fromkeys(codes) if code in schools]


def _plan_entry(
    value: Any, department: Department, starts_on: dt.date | None, errors: list
) -> PlanEntry | None:
    if value in (None, ""):
        return None
    entry = (
        PlanEntry.objects.select_related("plan")
        .filter(pk=value if str(value).isdigit() else None, department=department)
        .first()
    )
    if entry is None or entry.plan.status != AnnualPlan.Status.PUBLISHED:
        errors.append({"field": "plan_entry", "message": "不是本部门已公布年度计划中的条目"})
        return None
    if starts_on is not None and entry.plan.year != starts_on.year:
        errors.append(
            {"field": "plan_entry", "message": f"计划条目属于{entry.plan.year}年度，与检查日期不符"}
        )
        return None
    return entry


def intake_from_data(*, data: Any, user, department: Department, strict: bool) -> Intake:
    """Validate and split the input; MatterInputError lists every bad field. Drafts (strict=False) need only
    a kind and a title; everything is checked when the Matter is submitted."""
    if not isinstance(data, dict):
        raise MatterInputError([{"field": "", "message": "应为JSON对象"}])
    errors: list[dict[str, str]] = []
    payload = {key: value for key, value in data.items() if key not in PIPELINE_KEYS}
    payload["organizer"] = organizer_of(department)
    kind = payload.get("kind")
    if kind not in Kind.values:
        errors.append(
            {"field": "kind", "message": f"未知的事项类型：{kind!r}；应为 {'、'.join(Kind.values)} 之一"}
        )
    title = payload.get("title")
    if not isinstance(title, str) or not title.strip():
        errors.append({"field": "title", "message": "缺少必填字段"})
    if errors:
        raise MatterInputError(errors)
    codes = _school_codes(data, payload, kind)
    if kind == Kind.CAMPUS_ACTIVITY:
        payload["school_codes"] = codes
    elif kind == Kind.SOCIAL_EXAM and len(codes) == 1:
        payload["school_code"] = codes[0]
    schools = _resolve_schools(user, codes, errors)
    start_key, end_key = DATE_KEYS.get(kind, (None, None))
    # Dates inside the Matter JSON are reported by parse_matter; the pipeline's own ones here.
    starts_on = _date(
        payload.get(start_key) if start_key else data.get("starts_on"),
        "starts_on",
        [] if start_key else errors,
    )
    ends_on = _date(
        payload.get(end_key) if end_key else data.get("ends_on"), "ends_on", [] if end_key else errors
    )
    plan_entry = (
        _plan_entry(data.get("plan_entry"), department, starts_on, errors)
        if kind == Kind.INSPECTION
        else None
    )
    if kind == Kind.INSPECTION:
        payload["in_annual_plan"] = plan_entry is not None
    teacher = None
    if strict:
        teacher = _strict_checks(payload, kind, schools, codes, data, starts_on, errors)
    if errors:
        raise MatterInputError(errors)
    if strict:
        payload = parse_matter(payload).model_dump(mode="json")
    return Intake(
        kind=kind,
        title=title.strip(),
        description=str(payload.get("description") or ""),
        payload=payload,
        schools=schools,
        teacher=teacher,
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        comprehensive=bool(data.get("comprehensive")) and kind == Kind.INSPECTION,
        plan_entry=plan_entry,
    )


def _strict_checks(payload, kind, schools, codes, data, starts_on, errors) -> Teacher | None:
    try:
        parse_matter(payload)
    except MatterInputError as exc:
        errors.extend(exc.errors)
    if not codes:
        errors.append({"field": "schools", "message": "请选择涉及的学校"})
    if kind not in DATE_KEYS and starts_on is None:
        errors.append({"field": "starts_on", "message": "缺少必填字段"})
    if kind == Kind.SECONDMENT:
        if len(schools) != 1:
            errors.append({"field": "schools", "message": "借用教师须选择该教师所在的一所学校"})
            return None
        teacher_id = str(payload.get("teacher_id") or "")
        teacher = Teacher.objects.filter(
            pk=int(teacher_id) if teacher_id.isdigit() else None, school=schools[0]
        ).first()
        if teacher is None:
            errors.append({"field": "teacher_id", "message": "所选学校没有该教师"})
        return teacher
    return None


def matter_input_of(matter: Matter) -> dict[str, Any]:
    """The stored Matter as the input it came from (Matter JSON plus the pipeline's keys)."""
    data = dict(matter.payload)
    data["schools"] = [school.code for school in matter.schools.order_by("code")]
    if matter.starts_on and "starts_on" not in data:
        data["starts_on"] = matter.starts_on.isoformat()
    if matter.ends_on and "ends_on" not in data:
        data["ends_on"] = matter.ends_on.isoformat()
    data["comprehensive"] = matter.comprehensive
    data["plan_entry"] = matter.plan_entry_id
    return data
