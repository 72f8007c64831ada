"""The Matter form's fields <-> the Matter input (JSON). matters.js maps the form the same way for live screening.

Common fields carry plain names (title, schools, starts_on ...); a kind's own fields are prefixed with the kind
(`campus_activity.hours`), so only the chosen kind's fields count. The form's one start date is the kind's date
field in the Matter JSON (`date` of a campus activity, `exam_date` of a social exam, else `starts_on`).
"""

from typing import Any

from django.http import QueryDict

from jianfu.matters.models import Kind

DATE_KEY = {Kind.CAMPUS_ACTIVITY: "date", Kind.SOCIAL_EXAM: "exam_date"}
# kind -> [(key, type)]; types: str, int, float, bool, date, lines, attendees, id
KIND_FIELDS: dict[str, list[tuple[str, str]]] = {
    Kind.INSPECTION: [
        ("work_assigned_on", "date"),
        ("materials", "lines"),
        ("comprehensive", "bool"),
        ("plan_entry", "id"),
    ],
    Kind.CAMPUS_ACTIVITY: [("hours", "float"), ("theme", "str")],
    Kind.SOCIAL_EXAM: [("proctors_needed", "int")],
    Kind.MEETING: [
        ("venue_region", "str"),
        ("attendees", "attendees"),
        ("duration_minutes", "int"),
        ("teachers_attend", "bool"),
    ],
    Kind.TRAINING: [("tier", "str"), ("hours", "float"), ("published_on", "date")],
    Kind.SECONDMENT: [("teacher_id", "str")],
    Kind.DATA_REQUEST: [("fields", "lines"), ("population", "str")],
    Kind.TASK: [],
}
END_DATE_KINDS = {Kind.SECONDMENT, Kind.MEETING, Kind.DATA_REQUEST, Kind.TASK, Kind.INSPECTION}


def _number(raw: str, cast) -> Any:
    raw = raw.strip()
    if raw == "":
        return None
    try:
        return cast(raw)
    except ValueError:
        return raw  # parse_matter names the field and says it should be a number


def _value(post: QueryDict, name: str, kind_of_value: str) -> Any:
    if kind_of_value == "bool":
        return post.get(name) in ("on", "true", "1")
    if kind_of_value == "lines":
        return [line.strip() for line in post.get(name, "").splitlines() if line.strip()]
    if kind_of_value == "int":
        return _number(post.get(name, ""), int)
    if kind_of_value == "float":
        return _number(post.get(name, ""), float)
    if kind_of_value == "attendees":
        prefix = f"{name}."
        rows = []
        for key in sorted(post):
            count = _number(post.get(key, ""), int) if key.startswith(prefix) else None
            if count:
                rows.append({"region": key[len(prefix) :], "count": count})
        return rows
    value = post.get(name, "").strip()
    return value or None


def input_from_post(post: QueryDict) -> dict[str, Any]:
    kind = post.get("kind", "").strip()
    data: dict[str, Any] = {
        "kind": kind,
        "title": post.get("title", "").strip(),
        "description": post.get("description", "").strip(),
        "targets": {key: post.get(f"targets.{key}") == "on" for key in ("teachers", "students", "parents")},
        "schools": post.getlist("schools"),
    }
    if post.get("starts_on"):
        data[DATE_KEY.get(kind, "starts_on")] = post["starts_on"]
    if post.get("ends_on") and kind in END_DATE_KINDS:
        data["ends_on"] = post["ends_on"]
    for key, value_type in KIND_FIELDS.get(kind, []):
        value = _value(post, f"{kind}.{key}", value_type)
        if value is not None:
            data[key] = value
    if kind == Kind.CAMPUS_ACTIVITY:
        data["school_codes"] = data["schools"]
    if kind == Kind.INSPECTION:
        data.setdefault("in_annual_plan", False)
        data.setdefault("materials", [])
    return data


def values_from_input(data: dict[str, Any]) -> dict[str, Any]:
    """Form field values (by field name) for an existing Matter input, to fill the form when editing."""
    kind = data.get("kind", "")
    targets = data.get("targets") or {}
    values: dict[str, Any] = {
        "kind": kind,
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "schools": list(data.get("schools") or []),
        "starts_on": data.get(DATE_KEY.get(kind, "starts_on")) or data.get("starts_on") or "",
        "ends_on": data.get("ends_on") or "",
        "targets.teachers": targets.get("teachers", True),
        "targets.students": targets.get("students", False),
        "targets.parents": targets.get("parents", False),
    }
    for key, value_type in KIND_FIELDS.get(kind, []):
        value = data.get(key)
        if value_type == "lines":
            value = "\n".join(value or [])
        elif value_type == "attendees":
            for row in value or []:
                values[f"{kind}.attendees.{row.get('region')}"] = row.get("count")
            continue
        values[f"{kind}.{key}"] = "" if value is None else value
    return values
