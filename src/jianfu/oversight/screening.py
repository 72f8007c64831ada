"""A report screened like a Matter: the demand as the reporter described it goes through the policy engine as a
task placed on teachers, with the case library of confirmed violations in context (as matters.screening does for
a Matter's text), so the findings suggest the measures at stake to whoever handles the case."""

from typing import Any

from jianfu.policy.context import ScreeningContext
from jianfu.policy.engine import screen
from jianfu.policy.services import case_index_current
from jianfu.registry.models import Department

UNKNOWN_ORGANIZER = "未知部门"
_EDUCATION_WORDS = ("教育", "教体", "教研")


def _organizer(*, organizer: Department | None, name: str, level: str) -> dict[str, Any]:
    if organizer is not None:
        return {"name": organizer.name, "is_education": organizer.is_education, "level": organizer.level}
    return {
        "name": (name or UNKNOWN_ORGANIZER)[:100],
        # Without the registry, the name says whether an education body asked (教育局, 教体局, 教研室…).
        "is_education": any(word in name for word in _EDUCATION_WORDS),
        "level": level if level in ("city", "county", "school") else "county",
    }


def report_screening(
    *, title: str, description: str, organizer: Department | None, organizer_name: str, organizer_level: str
) -> dict[str, Any]:
    """verdict, catalog_version, findings and the measures they cite (sorted, without duplicates)."""
    matter = {
        "kind": "task",
        "title": title[:300],
        "description": description[:50_000],
        "organizer": _organizer(organizer=organizer, name=organizer_name, level=organizer_level),
        "targets": {"teachers": True, "students": False, "parents": False},
    }
    result = screen(matter, ScreeningContext(case_index=case_index_current())).as_dict()
    result["measures"] = sorted({finding["measure"] for finding in result["findings"] if finding["measure"]})
    return result
