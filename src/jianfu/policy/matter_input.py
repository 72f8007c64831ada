"""The one JSON shape of a Matter, per kind: parsed strictly, with errors that name the field path in Chinese."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)


class MatterInputError(ValueError):
    """The input is not a valid Matter; `errors` is a list of {field, message}."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("；".join(f"{error['field'] or '输入'}：{error['message']}" for error in errors))


def _iso_date(value: Any) -> dt.date:
    # JSON has no date type: only ISO strings are accepted, never numbers (pydantic's lax mode takes timestamps).
    if not isinstance(value, str):
        raise ValueError("应为ISO日期字符串（YYYY-MM-DD）")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("不是有效的ISO日期（YYYY-MM-DD）") from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
RegionCode = Annotated[StrictStr, Field(pattern=r"^\d{6}$")]
SchoolCode = Annotated[StrictStr, Field(pattern=r"^\d{10}$")]
Name = Annotated[StrictStr, Field(min_length=1, max_length=100)]
Hours = Annotated[float, Field(ge=0, le=10_000, strict=True, allow_inf_nan=False)]


class _Model(BaseModel):
    # Unknown keys are ignored so that a newer client does not break an older engine.
    model_config = ConfigDict(extra="ignore", frozen=True)


class Organizer(_Model):
    name: Name
    is_education: StrictBool
    level: Literal["city", "county", "school"]


class Targets(_Model):
    teachers: StrictBool = True
    students: StrictBool = False
    parents: StrictBool = False


class Attendance(_Model):
    region: RegionCode
    count: Annotated[StrictInt, Field(ge=0, le=1_000_000)]


class MatterBase(_Model):
    kind: str
    title: Annotated[StrictStr, Field(min_length=1, max_length=300)]
    description: Annotated[StrictStr, Field(max_length=50_000)] = ""
    organizer: Organizer
    targets: Targets = Targets()

    @property
    def text(self) -> str:
        return f"{self.title}。{self.description}"


class Inspection(MatterBase):
    kind: Literal["inspection"]
    in_annual_plan: StrictBool
    work_assigned_on: IsoDate | None = None
    starts_on: IsoDate
    materials: list[Annotated[StrictStr, Field(max_length=200)]] = []


class Meeting(MatterBase):
    kind: Literal["meeting"]
    venue_region: RegionCode
    attendees: list[Attendance] = []
    duration_minutes: Annotated[StrictInt, Field(ge=0, le=10_000)]
    teachers_attend: StrictBool


class Secondment(MatterBase):
    kind: Literal["secondment"]
    teacher_id: Annotated[StrictStr, Field(min_length=1, max_length=64)]
    starts_on: IsoDate
    ends_on: IsoDate
    education_consent: StrictBool
    party_filing: StrictBool

    @model_validator(mode="after")
    def _order(self):
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on|结束日期不能早于开始日期")
        return self


class SocialExam(MatterBase):
    kind: Literal["social_exam"]
    school_code: SchoolCode
    exam_date: IsoDate
    proctors_needed: Annotated[StrictInt, Field(ge=0, le=100_000)]
    education_consent: StrictBool | None = None


class CampusActivity(MatterBase):
    kind: Literal["campus_activity"]
    school_codes: list[SchoolCode]
    date: IsoDate
    hours: Hours
    theme: Annotated[StrictStr, Field(max_length=200)]


class Training(MatterBase):
    kind: Literal["training"]
    tier: Literal["school", "county", "city"]
    hours: Hours
    published_on: IsoDate
    starts_on: IsoDate


class DataRequest(MatterBase):
    kind: Literal["data_request"]
    fields: list[Annotated[StrictStr, Field(min_length=1, max_length=100)]]
    population: Literal["teachers", "students"]


class Task(MatterBase):
    kind: Literal["task"]


MODELS: dict[str, type[MatterBase]] = {
    "inspection": Inspection,
    "campus_activity": CampusActivity,
    "social_exam": SocialExam,
    "meeting": Meeting,
    "training": Training,
    "secondment": Secondment,
    "data_request": DataRequest,
    "task": Task,
}
Matter = MatterBase

_MESSAGES = {
    "missing": "缺少必填字段",
    "bool_type": "应为布尔值（true 或 false）",
    "int_type": "应为整数",
    "float_type": "应为数字",
    "finite_number": "应为有限数字",
    "string_type": "应为字符串",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "string_pattern_mismatch": "格式不正确",
    "greater_than_equal": "不能为负数",
    "less_than_equal": "超出允许范围",
    "literal_error": "取值不在允许范围内",
}


def _path(loc: tuple[Any, ...]) -> str:
    """('attendees', 2, 'count') -> 'attendees[2].count'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _errors(exc: ValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors(include_url=False):
        field = _path(error["loc"])
        if error["type"] == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            message = f"取值应为：{expected}"
        elif error["type"] == "value_error":
            message = str(error.get("ctx", {}).get("error", error["msg"]))
            if "|" in message:  # model-level checks name their field before the bar
                field, message = message.split("|", 1)
        else:
            message = _MESSAGES.get(error["type"], "格式不正确")
        errors.append({"field": field, "message": message})
    return errors


def parse_matter(data: Any) -> MatterBase:
    """A validated Matter of its kind, or MatterInputError naming every bad field."""
    if not isinstance(data, dict):
        raise MatterInputError([{"field": "", "message": "应为JSON对象"}])
    kind = data.get("kind")
    if kind is None:
        raise MatterInputError([{"field": "kind", "message": "缺少必填字段"}])
    if not isinstance(kind, str) or kind not in MODELS:
        raise MatterInputError(
            [{"field": "kind", "message": f"未知的事项类型：{kind!r}；应为 {'、'.join(MODELS)} 之一"}]
        )
    try:
        return MODELS[kind].model_validate(data)
    except ValidationError as exc:
        raise MatterInputError(_errors(exc)) from None
