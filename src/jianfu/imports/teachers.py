"""The 基本信息 table of the national teacher management information system's export (教师管理信息系统), matched by
its Chinese headers; the record groups of the same export are in records.py.
"""

import datetime as dt
from typing import Any

from jianfu.imports.columns import Column, Problem, Spec
from jianfu.imports.normalize import (
    EDUCATION,
    POLITICAL_STATUS,
    POST_CATEGORY,
    STAGE,
    TEACHER_STATUS,
    coded,
    limited,
    month_date,
    professional_title,
    yes_no,
)
from jianfu.imports.people import (
    BIRTH_DATE,
    ETHNICITY_COLUMN,
    GENDER_COLUMN,
    ID_NUMBER,
    ID_TYPE,
    NAME,
    SCHOOL,
    PeopleTable,
)

WORK_STARTED = Column("work_started_on", "参加工作年月", month_date, blank=None, aliases=("参加工作时间",))
JOINED_SCHOOL = Column(
    "joined_school_on", "进本校年月", month_date, blank=None, aliases=("进入本校年月", "进本校时间")
)

BASIC = Spec(
    "基本信息",
    sheet_names=("基本信息", "教职工基本信息", "教师基本信息", "基础信息"),
    columns=(
        SCHOOL,
        NAME,
        GENDER_COLUMN,
        Column(
            "staff_no",
            "教职工号",
            limited(30),
            aliases=("工号", "教工号", "教职工编号"),
            blank="",
            cached=False,
        ),
        ID_TYPE,
        ID_NUMBER,
        BIRTH_DATE,
        ETHNICITY_COLUMN,
        Column("political_status", "政治面貌", coded(POLITICAL_STATUS, "政治面貌")),
        WORK_STARTED,
        JOINED_SCHOOL,
        Column("highest_education", "最高学历", coded(EDUCATION, "学历"), aliases=("学历",)),
        Column("post_category", "现任岗位类别", coded(POST_CATEGORY, "岗位类别"), aliases=("岗位类别",)),
        Column(
            "professional_title",
            "现任专业技术职务",
            professional_title,
            aliases=("专业技术职务", "现专业技术职务", "职称"),
        ),
        Column(
            "is_backbone",
            "是否县级以上骨干教师",
            yes_no,
            blank=False,
            aliases=("县级以上骨干教师", "是否骨干教师", "骨干教师"),
        ),
        Column("status", "人员状态", coded(TEACHER_STATUS, "人员状态"), aliases=("教职工状态", "在岗状态")),
        Column("subject", "任教学科", limited(20), blank="", aliases=("主要任教学科",)),
        Column("stage_taught", "任教学段", coded(STAGE, "学段"), blank="", aliases=("主要任教学段",)),
    ),
)

_MIN_WORKING_AGE = 14


class TeacherTable(PeopleTable):
    def extra_checks(self, values: dict[str, Any], problems: list[Problem]) -> None:
        birth: dt.date | None = values.get("birth_date")
        started: dt.date | None = values.get("work_started_on")
        joined: dt.date | None = values.get("joined_school_on")
        if birth is not None and started is not None and started.year - birth.year < _MIN_WORKING_AGE:
            problems.append(
                Problem(
                    WORK_STARTED.header,
                    started.strftime("%Y-%m"),
                    f"参加工作时不满{_MIN_WORKING_AGE}岁（出生日期{birth.isoformat()}）",
                )
            )
        if started is not None and joined is not None and joined < started:
            problems.append(
                Problem(
                    JOINED_SCHOOL.header,
                    joined.strftime("%Y-%m"),
                    f"早于参加工作年月（{started.strftime('%Y-%m')}）",
                )
            )
