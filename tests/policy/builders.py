"""Matter JSON builders for the policy tests: one per kind, with realistic defaults."""

from typing import Any

EDU = {"name": "包头市教育局", "is_education": True, "level": "city"}
COUNTY_EDU = {"name": "固阳县教育局", "is_education": True, "level": "county"}
OTHER = {"name": "青山区某局", "is_education": False, "level": "county"}
TEACHERS = {"teachers": True, "students": False, "parents": False}


def organizer(is_education: bool, name: str | None = None, level: str = "county") -> dict[str, Any]:
    return {
        "name": name or ("固阳县教育局" if is_education else "青山区某局"),
        "is_education": is_education,
        "level": level,
    }


def task(title: str, description: str = "", *, edu: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "task",
        "title": title,
        "description": description,
        "organizer": organizer(edu),
        "targets": dict(TEACHERS),
        **extra,
    }


def inspection(**overrides: Any) -> dict[str, Any]:
    data = task("校园安全工作检查", "对各校安全工作开展检查。", edu=True)
    data.update(
        kind="inspection",
        in_annual_plan=True,
        work_assigned_on="2027-01-05",
        starts_on="2027-03-10",
        materials=[],
    )
    data.update(overrides)
    return data


def meeting(**overrides: Any) -> dict[str, Any]:
    data = task("全市教学工作会议", "部署本学期教学工作。", edu=True)
    data.update(
        kind="meeting",
        venue_region="150203",
        attendees=[{"region": "150204", "count": 6}],
        duration_minutes=90,
        teachers_attend=False,
    )
    data.update(overrides)
    return data


def secondment(**overrides: Any) -> dict[str, Any]:
    data = task("借用教师参与教材编写", "借用教师一名参与地方课程教材编写。", edu=True)
    data.update(
        kind="secondment",
        teacher_id="T-1",
        starts_on="2027-03-01",
        ends_on="2027-06-30",
        education_consent=True,
        party_filing=True,
    )
    data.update(overrides)
    return data


def social_exam(**overrides: Any) -> dict[str, Any]:
    data = task("全国计算机等级考试考点设置", "借用学校考场。", edu=True)
    data.update(kind="social_exam", school_code="2115000001", exam_date="2027-03-20", proctors_needed=20)
    data.update(overrides)
    return data


def campus_activity(**overrides: Any) -> dict[str, Any]:
    data = task("少儿书法作品展", "在校内展出学生书法作品。", edu=True)
    data.update(
        kind="campus_activity", school_codes=["2115000001"], date="2027-04-10", hours=2.0, theme="书法"
    )
    data.update(overrides)
    return data


def training(**overrides: Any) -> dict[str, Any]:
    data = task("骨干教师培训", "旗县骨干教师学科教学能力培训。", edu=True)
    data.update(kind="training", tier="county", hours=16.0, published_on="2027-02-01", starts_on="2027-03-01")
    data.update(overrides)
    return data


def data_request(**overrides: Any) -> dict[str, Any]:
    data = task("教师继续教育学时统计", "统计本学年继续教育学时。", edu=True)
    data.update(kind="data_request", fields=["本学年继续教育学时"], population="teachers")
    data.update(overrides)
    return data
