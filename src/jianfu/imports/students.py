"""The student table of the national student registry's export (全国中小学生学籍信息管理系统, measure 16), matched
by its Chinese headers, with the same guarantees as the teacher import.
"""

import datetime as dt
import re
from typing import Any

from jianfu.imports.columns import Column, Problem, Spec
from jianfu.imports.normalize import Invalid, coded, compact, month_date
from jianfu.imports.people import (
    BIRTH_DATE,
    ETHNICITY_COLUMN,
    GENDER_COLUMN,
    ID_NUMBER,
    ID_TYPE,
    NAME,
    SCHOOL,
    PeopleTable,
    shown_id,
)

GRADES = (
    "一年级",
    "二年级",
    "三年级",
    "四年级",
    "五年级",
    "六年级",
    "七年级",
    "八年级",
    "九年级",
    "高一",
    "高二",
    "高三",
)
_NUMERALS = "一二三四五六七八九"


def _grades() -> dict[str, str]:
    """Grade names as the registry keeps them, from the names, numbers and codes (JY/T 1001: 11-16 小学, 21-23
    初中, 31-33 高中) that exports use."""
    table = {}
    for index, grade in enumerate(GRADES, start=1):
        table[grade] = table[f"{index}年级"] = grade
    for index in range(6):
        grade = GRADES[index]
        table[f"小学{_NUMERALS[index]}年级"] = table[f"1{index + 1}"] = grade
    for index in range(3):
        junior, senior = GRADES[6 + index], GRADES[9 + index]
        table[f"初{_NUMERALS[index]}"] = table[f"初中{_NUMERALS[index]}年级"] = table[f"2{index + 1}"] = (
            junior
        )
        table[f"高中{_NUMERALS[index]}年级"] = table[f"{senior}年级"] = table[f"3{index + 1}"] = senior
    return table


GRADE_NAMES = _grades()

STUDENT_STATUS = {
    "在籍在读": "enrolled", "在读": "enrolled", "在籍": "enrolled", "正常": "enrolled", "在校": "enrolled",
    "休学": "suspended", "转出": "transferred", "已转出": "transferred", "转学": "transferred",
    "毕业": "graduated", "已毕业": "graduated",
}  # fmt: skip

_CLASS_NUMBER = re.compile(r"\(?0*(\d{1,3})\)?班?", re.ASCII)


def class_name(raw) -> str:
    """ "2班", "(2)班", "02班" and "2" are all 2班; other names (实验班) are kept as written."""
    value = compact(raw)
    match = _CLASS_NUMBER.fullmatch(value)
    if match:
        return f"{int(match.group(1))}班"
    if len(value) > 20:
        raise Invalid("长度超过20个字符")
    return value


_REGISTRY_NO = re.compile(r"[GLJ][0-9A-Z]{5,30}", re.ASCII)


def registry_no(raw) -> str:
    value = compact(raw).upper()
    if not _REGISTRY_NO.fullmatch(value):
        raise Invalid(f"全国学籍号“{shown_id(raw)}”应为G加身份证件号（临时学籍号以L或J开头）")
    return value


REGISTRY_NO = Column(
    "registry_no", "全国学籍号", registry_no, aliases=("学籍号", "学籍编号"), blank=None, cached=False
)
ENROLLED = Column("enrolled_on", "入学年月", month_date, required=True, aliases=("入学时间", "入学日期"))

STUDENT = Spec(
    "学生基本信息",
    sheet_names=("学生基本信息", "学生信息", "学籍信息", "学生名单"),
    columns=(
        SCHOOL,
        REGISTRY_NO,
        NAME,
        GENDER_COLUMN,
        ID_TYPE,
        ID_NUMBER,
        BIRTH_DATE,
        ETHNICITY_COLUMN,
        Column("grade", "年级", coded(GRADE_NAMES, "年级"), required=True, aliases=("所在年级", "年级名称")),
        Column("class_name", "班级", class_name, required=True, aliases=("班级名称", "所在班级", "班号")),
        ENROLLED,
        Column("status", "学籍状态", coded(STUDENT_STATUS, "学籍状态"), aliases=("学生状态", "在校状态")),
    ),
)


class StudentTable(PeopleTable):
    def identity_checks(self, number: str, values: dict[str, Any], problems: list[Problem]) -> None:
        registry = values.get("registry_no")
        if registry and registry[0] == "G" and registry[1:] != number:
            problems.append(
                Problem(REGISTRY_NO.header, shown_id(registry), "与身份证件号不一致（应为G加身份证件号）")
            )

    def extra_checks(self, values: dict[str, Any], problems: list[Problem]) -> None:
        birth: dt.date | None = values.get("birth_date")
        enrolled: dt.date | None = values.get("enrolled_on")
        if birth is not None and enrolled is not None and enrolled < birth.replace(day=1):
            problems.append(
                Problem(ENROLLED.header, enrolled.strftime("%Y-%m"), f"早于出生日期（{birth.isoformat()}）")
            )
