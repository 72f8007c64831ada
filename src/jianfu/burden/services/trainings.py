"""Measure 11: 学校抓校本、旗县抓骨干、市级抓名优 — the training tiers, who each is for, and how far ahead each
must be published. The eligibility rule lives here, as data, and nowhere else."""

import datetime as dt
from dataclasses import dataclass

from jianfu.registry.models import Teacher


@dataclass(frozen=True)
class Tier:
    code: str
    label: str
    # Titles (现任专业技术职务) that qualify; None means every teacher. A backbone teacher (县级以上骨干教师)
    # qualifies when `backbone` is True, whatever the title.
    titles: frozenset[str] | None
    backbone: bool


TIERS: dict[str, Tier] = {
    "school": Tier("school", "校本培训（学校）", titles=None, backbone=True),
    "county": Tier("county", "骨干培训（旗县区）", titles=frozenset({"一级教师", "高级教师", "正高级教师"}),
                   backbone=True),
    "city": Tier("city", "名优培训（市级）", titles=frozenset({"高级教师", "正高级教师"}), backbone=True),
}  # fmt: skip

# A semester's trainings are published this many days before they start at the least, so schools can plan.
MIN_DAYS_AHEAD = 14


def eligible(teacher: Teacher, tier: str) -> bool:
    rule = TIERS.get(tier)
    if rule is None:
        return False
    if rule.titles is None:
        return True
    return teacher.professional_title in rule.titles or (rule.backbone and teacher.is_backbone)


@dataclass(frozen=True)
class Semester:
    """Spring: 1 February – 31 July; autumn: 1 August – 31 January."""

    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def of(cls, day: dt.date) -> "Semester":
        if 2 <= day.month <= 7:
            return cls(dt.date(day.year, 2, 1), dt.date(day.year, 7, 31), f"{day.year}年春季学期")
        year = day.year if day.month >= 8 else day.year - 1
        return cls(dt.date(year, 8, 1), dt.date(year + 1, 1, 31), f"{year}年秋季学期")

    def previous(self) -> "Semester":
        return Semester.of(self.start - dt.timedelta(days=1))

    def next(self) -> "Semester":
        return Semester.of(self.end + dt.timedelta(days=1))
