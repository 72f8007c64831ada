"""The record groups of the national teacher export (教育教学, 国内培训, 教师资格, 年度考核): one sheet each, every
row naming its teacher by 身份证件号 (and 姓名), who must be in the same file's 基本信息 table.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jianfu.imports.columns import Column, Plan, Problem, Spec
from jianfu.imports.models import (
    AppraisalRecord,
    QualificationRecord,
    TeacherRecord,
    TeachingRecord,
    TrainingRecord,
)
from jianfu.imports.normalize import (
    STAGE,
    Invalid,
    coded,
    compact,
    decimal_in,
    full_date,
    limited,
    school_year,
    text,
    year,
    yes_no,
)
from jianfu.imports.people import ID_NUMBER, ID_TYPE, NAME, PeopleTable, shown_id

_TERMS = {"第一学期": "1", "上学期": "1", "秋季学期": "1", "秋季": "1", "1": "1",
          "第二学期": "2", "下学期": "2", "春季学期": "2", "春季": "2", "2": "2"}  # fmt: skip


def teaching(raw) -> bool:
    value = compact(raw)
    if value in ("任课", "在任课"):
        return True
    if value in ("未任课", "不任课", "没有任课"):
        return False
    try:
        return yes_no(raw)
    except Invalid as exc:
        raise Invalid(f"任课状况“{text(raw)}”应为“任课”或“未任课”") from exc


TEACHING = Spec(
    "教育教学",
    sheet_names=("教育教学", "教育教学信息"),
    columns=(
        NAME,
        ID_TYPE,
        ID_NUMBER,
        Column("school_year", "学年", school_year, required=True, aliases=("任教学年",)),
        Column("term", "学期", coded(_TERMS, "学期"), blank=""),
        Column("stage", "任教学段", coded(STAGE, "学段"), blank=""),
        Column("is_teaching", "任课状况", teaching, blank=True, aliases=("是否任课",)),
        Column("course", "任教课程", limited(40), blank="", aliases=("任教学科", "任教课程名称")),
        Column(
            "weekly_lessons",
            "平均每周课堂教学课时数",
            decimal_in(Decimal(0), Decimal(40)),
            blank=Decimal("0.0"),
            aliases=("周课时数", "周课时", "平均每周课时数"),
        ),
        Column(
            "weekly_other_hours",
            "平均每周其他工作折合课时数",
            decimal_in(Decimal(0), Decimal(40)),
            blank=Decimal("0.0"),
        ),
        Column("other_duties", "兼任工作", limited(60), blank="", aliases=("承担的其他工作", "兼任其他工作")),
    ),
)

_LEVELS = {
    "国家级": "national", "国培": "national", "省级": "provincial", "省培": "provincial", "自治区级": "provincial",
    "市级": "city", "地市级": "city", "盟市级": "city", "县级": "county", "区县级": "county", "县区级": "county",
    "旗县区级": "county", "旗县级": "county", "校级": "school", "校本": "school", "校本研修": "school",
    "校本培训": "school",
}  # fmt: skip

TRAINING = Spec(
    "国内培训",
    sheet_names=("国内培训", "国内培训信息"),
    columns=(
        NAME,
        ID_TYPE,
        ID_NUMBER,
        Column("year", "培训年度", year, required=True),
        Column("level", "培训类别", coded(_LEVELS, "培训类别"), aliases=("培训级别", "培训层级")),
        Column("project", "培训项目名称", limited(100), required=True, cached=False, aliases=("培训项目",)),
        Column("provider", "培训机构名称", limited(100), blank="", aliases=("培训机构",)),
        Column("mode", "培训方式", limited(20), blank="", aliases=("培训形式",)),
        Column("hours", "培训获得学时", decimal_in(Decimal(0), Decimal(2000)), blank=None, aliases=("学时",)),
        Column(
            "credits", "培训获得学分", decimal_in(Decimal(0), Decimal(200)), blank=None, aliases=("学分",)
        ),
    ),
)

_QUALIFICATIONS = (
    "幼儿园",
    "小学",
    "初级中学",
    "高级中学",
    "中等职业学校",
    "中等职业学校实习指导",
    "高等学校",
)


def _qualification_kinds() -> dict[str, str]:
    table = {}
    for kind in _QUALIFICATIONS:
        table[kind] = table[kind + "教师资格"] = table[kind + "教师资格证"] = kind + "教师资格"
    table.update({"初中": "初级中学教师资格", "初中教师资格": "初级中学教师资格", "高中": "高级中学教师资格",
                  "高中教师资格": "高级中学教师资格", "中职": "中等职业学校教师资格"})  # fmt: skip
    return table


def certificate_number(raw) -> str:
    value = compact(raw).upper()
    if not (value.isascii() and value.isalnum() and len(value) <= 30):
        raise Invalid(f"教师资格证号码“{text(raw)}”应为不超过30位的数字或字母")
    return value


QUALIFICATION = Spec(
    "教师资格",
    sheet_names=("教师资格", "教师资格信息"),
    columns=(
        NAME,
        ID_TYPE,
        ID_NUMBER,
        Column(
            "kind",
            "教师资格种类",
            coded(_qualification_kinds(), "教师资格种类"),
            required=True,
            aliases=("教师资格证种类", "资格种类"),
        ),
        Column(
            "number",
            "教师资格证号码",
            certificate_number,
            required=True,
            cached=False,
            aliases=("教师资格证书号码", "资格证书号码", "证书号码"),
        ),
        Column("subject", "任教学科", limited(20), blank="", aliases=("资格证任教学科",)),
        Column("issued_on", "证书颁发日期", full_date, blank=None, aliases=("颁发日期", "发证日期")),
        Column("issuer", "颁发机构", limited(60), blank="", aliases=("发证机关", "颁发机关", "发证机构")),
    ),
)

_RESULTS = {
    "优秀": "excellent", "合格": "pass", "称职": "pass", "基本合格": "basic", "基本称职": "basic",
    "不合格": "fail", "不称职": "fail", "不定等次": "unrated", "未参加考核": "absent", "未参加": "absent",
    "未考核": "absent",
}  # fmt: skip

APPRAISAL = Spec(
    "年度考核",
    sheet_names=("年度考核", "年度考核信息", "考核信息"),
    columns=(
        NAME,
        ID_TYPE,
        ID_NUMBER,
        Column("year", "考核年度", year, required=True),
        Column("result", "考核结果", coded(_RESULTS, "考核结果"), required=True),
        Column("unit", "考核单位名称", limited(80), blank="", aliases=("考核单位",)),
    ),
)


@dataclass(frozen=True)
class Group:
    spec: Spec
    model: type[TeacherRecord]
    unique: tuple[str, ...] = ()  # what identifies one record of a teacher within the group
    unique_label: str = ""


GROUPS = (
    Group(TEACHING, TeachingRecord),
    Group(TRAINING, TrainingRecord),
    Group(QUALIFICATION, QualificationRecord, ("number",), "教师资格证号码"),
    Group(APPRAISAL, AppraisalRecord, ("year",), "考核年度"),
)


class RecordTable:
    """The rows of one record group, checked against the 基本信息 table they belong with."""

    def __init__(self, group: Group, plan: Plan, people: PeopleTable):
        self.group = group
        self.plan = plan
        self.people = people
        self.fields = group.model.compared_fields()
        self.defaults = {
            f.attname: f.get_default() for f in group.model._meta.concrete_fields if f.attname in self.fields
        }
        self.rows: dict[str, list[tuple]] = defaultdict(list)  # teacher's lookup hash -> records
        self._unique: dict[tuple, int] = {}

    def check(self, row: int, cells: Sequence) -> list[Problem]:
        values, problems = self.plan.read(cells)
        raw = values.pop("id_number", None)
        id_type = values.pop("id_type", None) or ID_TYPE.blank
        name = values.pop("name", None)
        if raw is None:
            return problems
        try:
            number, key = self.people.key_of(raw, id_type)
        except Invalid as exc:
            return [*problems, Problem(ID_NUMBER.header, shown_id(raw), str(exc))]
        entry = self.people.names.get(key) if self.people.names is not None else None
        if entry is None:
            reason = (
                "该教师的基本信息未能导入（见“基本信息”表中的错误），本行未导入"
                if key in self.people.seen
                else "该身份证件号不在“基本信息”表中"
            )
            return [*problems, Problem(ID_NUMBER.header, shown_id(number), reason)]
        if name is not None and name != entry[0]:
            problems.append(Problem(NAME.header, name, f"与“基本信息”表中的姓名“{entry[0]}”不一致"))
        if self.group.unique and all(field in values for field in self.group.unique):
            identity = (key, *(values[field] for field in self.group.unique))
            first = self._unique.setdefault(identity, row)
            if first != row:
                header = self.plan.header(self.group.unique[0])
                problems.append(
                    Problem(
                        header,
                        text(values[self.group.unique[0]]),
                        f"与第{first}行重复（同一教师同一{self.group.unique_label}）",
                    )
                )
        if not problems:
            self.rows[entry[1]].append(
                tuple(values.get(field, self.defaults[field]) for field in self.fields)
            )
        return problems
