"""What a screening may know beyond the Matter: counts so far this year, registry fields, distances, indexes.

Everything has a default so that `screen(matter)` works with no context at all; callers with a database fill
in what they know (the matters app will pass its counts and its similarity index).
"""

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from jianfu.registry.regions import BAOTOU_REGIONS

if TYPE_CHECKING:
    from jianfu.policy.similarity import SimilarityIndex

# Fields the teacher registry (national teacher management information system) already holds, in Chinese
# (the registry models' verbose names and the national system's column headers) and English (model fields).
TEACHER_REGISTRY_FIELDS = frozenset(
    {
        "姓名", "性别", "教职工号", "身份证件类型", "身份证件号", "身份证号", "身份证号码", "出生日期", "出生年月",
        "民族", "政治面貌", "参加工作年月", "参加工作时间", "进本校年月", "最高学历", "学历", "现任岗位类别",
        "岗位类别", "现任专业技术职务", "专业技术职务", "职称", "是否县级以上骨干教师", "骨干教师", "人员状态",
        "任教学科", "任教学段", "周课时", "学校", "所在学校", "年龄",
        "name", "gender", "staff_no", "id_type", "id_number", "birth_date", "ethnicity", "political_status",
        "work_started_on", "joined_school_on", "highest_education", "post_category", "professional_title",
        "is_backbone", "status", "subject", "stage_taught", "weekly_lessons", "school",
    }
)  # fmt: skip
STUDENT_REGISTRY_FIELDS = frozenset(
    {
        "姓名", "性别", "身份证件号", "身份证号", "身份证号码", "出生日期", "出生年月", "民族", "年级", "班级",
        "入学年月", "入学时间", "学籍状态", "学籍号", "全国学籍号", "学校", "所在学校", "年龄",
        "name", "gender", "id_number", "birth_date", "ethnicity", "grade", "class_name", "enrolled_on",
        "status", "registry_no", "school",
    }
)  # fmt: skip


@cache
def region_seats() -> dict[str, tuple[float, float]]:
    """GB/T 2260 code -> (lat, lon) of the government seat."""
    return {code: (float(lat), float(lon)) for code, _name, _seat, lat, lon in BAOTOU_REGIONS}


@cache
def region_names() -> dict[str, str]:
    return {code: name for code, name, *_rest in BAOTOU_REGIONS}


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance on a 6371 km sphere."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class ExamWeek:
    """A school's exam week, when no inspection may start (measure 3: 避免干扰正常教育教学活动)."""

    school: str
    starts_on: dt.date
    ends_on: dt.date
    title: str = "考试周"


@dataclass
class ScreeningContext:
    """Facts about the world at screening time. Missing facts mean a rule that needs them stays silent."""

    today: dt.date | None = None
    # school code -> campus activities so far this semester; social exams so far this year
    campus_activities_this_semester: Mapping[str, int] = field(default_factory=dict)
    social_exams_this_year: Mapping[str, int] = field(default_factory=dict)
    # school code -> proctoring sessions per teacher so far this year (average), and teacher headcount
    proctoring_per_teacher: Mapping[str, float] = field(default_factory=dict)
    teacher_counts: Mapping[str, int] = field(default_factory=dict)
    # material names already submitted this year by the schools concerned
    submitted_materials: frozenset[str] = frozenset()
    teacher_fields: frozenset[str] = TEACHER_REGISTRY_FIELDS
    student_fields: frozenset[str] = STUDENT_REGISTRY_FIELDS
    # the exam weeks of the schools concerned
    exam_weeks: tuple[ExamWeek, ...] = ()
    # (from, to) region codes -> road distance in km; looked up in both directions before great-circle
    road_distances_km: Mapping[tuple[str, str], float] = field(default_factory=dict)
    seats: Mapping[str, tuple[float, float]] = field(default_factory=region_seats)
    # rule id -> parameter overrides, e.g. {"M03.min-interval": {"min_interval_days": 20}}
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    matter_index: "SimilarityIndex | None" = None
    case_index: "SimilarityIndex | None" = None
    exclude_similar_ids: frozenset[str] = frozenset()  # e.g. the Matter itself when re-screening

    def distance_km(self, origin: str, destination: str) -> float | None:
        if origin == destination:
            return 0.0
        for key in ((origin, destination), (destination, origin)):
            if key in self.road_distances_km:
                return float(self.road_distances_km[key])
        if origin in self.seats and destination in self.seats:
            return great_circle_km(self.seats[origin], self.seats[destination])
        return None
