"""What a supervision report cites: the policy's title and date, the measures each indicator supervises, and
measure 20's sentence on accountability, quoted word for word from the catalog's policy text."""

import re
from dataclasses import dataclass
from functools import cache

from jianfu.policy.catalog import default_catalog

# Measure 20: supervision results count in leaders' evaluations (the sentence the report quotes).
ACCOUNTABILITY_OPENING = "各级教育督导部门要把减轻中小学教师负担工作"

# The measures the indicators supervise, each with the words of it the indicators follow (verbatim fragments of
# the policy text, joined by an ellipsis where the report leaves words out).
MEASURES: dict[int, tuple[str, ...]] = {
    1: ("涉及中小学校和教师的督查检查考核事项，按照归口管理原则，实行年度计划和审批报备制度",),
    4: ("严格实行进校园活动审批制度，统筹把握各类进校园活动总量",),
    11: ("各级教育部门要统筹安排好学期和学年教师教育教学方面的培训学习",),
    15: ("减少教师重复填写信息，切实做到一次采集多次使用",),
    20: (
        "合理核定工作量",
        "严格落实教师一年一体检制度",
        "要接受广大中小学教师和社会各界的监督，依规依纪追究各种违规违纪行为",
    ),
}


def measure_quote(number: int) -> str:
    return "……".join(MEASURES[number])


@dataclass(frozen=True)
class Basis:
    title: str  # 《包头市关于减轻中小学教师负担的二十条措施》
    issued: str  # 2020年11月27日
    accountability: str  # measure 20's sentence, quoted


def measure_text(number: int) -> str:
    """The full text of one numbered measure from the policy text ("20. 各级党委…")."""
    match = re.search(rf"^{number}\.\s*(.+)$", default_catalog().policy_text, flags=re.MULTILINE)
    return match.group(1).strip() if match else ""


@cache
def basis() -> Basis:
    catalog = default_catalog()
    text = measure_text(20)
    start = text.find(ACCOUNTABILITY_OPENING)
    sentence = text[start : text.index("。", start) + 1] if start >= 0 else ""
    issued = re.search(r"^\s*(\d{4}年\d{1,2}月\d{1,2}日)\s*$", catalog.policy_text, flags=re.MULTILINE)
    return Basis(
        title=f"《{catalog.title}》", issued=issued.group(1) if issued else "", accountability=sentence
    )
