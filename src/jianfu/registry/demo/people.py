"""Synthetic teachers and students of one planned school, consistent in age, grade, dates and ID number."""

import datetime as dt
from dataclasses import dataclass
from math import ceil
from random import Random

from jianfu.registry.demo import names
from jianfu.registry.demo.places import REGION_PROFILES
from jianfu.registry.demo.sampling import IdNumberAllocator, Weighted, apportion, random_date
from jianfu.registry.demo.schools import SchoolPlan
from jianfu.registry.models import School

Stage = School.Stage
SCHOOL_YEAR_START = dt.date(2026, 9, 1)  # the current school year (2026-2027)

GRADES = (
    "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级", "高一", "高二", "高三",
)  # fmt: skip
# The school's sections as (first grade, last grade): pupils enrol at a section's first grade.
_SECTIONS = {
    Stage.PRIMARY: ((1, 6),),
    Stage.JUNIOR: ((7, 9),),
    Stage.NINE_YEAR: ((1, 9),),
    Stage.SENIOR: ((10, 12),),
    Stage.COMPLETE: ((7, 9), (10, 12)),
    Stage.TWELVE_YEAR: ((1, 9), (10, 12)),
}
_P, _J, _S = Stage.PRIMARY.value, Stage.JUNIOR.value, Stage.SENIOR.value  # plain strings for raw inserts
_STAGE_TAUGHT = {
    Stage.PRIMARY: Weighted([(_P, 1)]),
    Stage.JUNIOR: Weighted([(_J, 1)]),
    Stage.SENIOR: Weighted([(_S, 1)]),
    Stage.NINE_YEAR: Weighted([(_P, 6), (_J, 4)]),
    Stage.COMPLETE: Weighted([(_J, 45), (_S, 55)]),
    Stage.TWELVE_YEAR: Weighted([(_P, 45), (_J, 25), (_S, 30)]),
}
_SUBJECTS = {
    Stage.PRIMARY: {"语文": 28, "数学": 24, "英语": 9, "道德与法治": 5, "科学": 5, "音乐": 5, "体育": 8, "美术": 5,
                    "信息技术": 3},
    Stage.JUNIOR: {"语文": 15, "数学": 15, "英语": 13, "物理": 7, "化学": 5, "生物": 5, "历史": 5, "地理": 5,
                   "道德与法治": 6, "音乐": 3, "体育": 7, "美术": 3, "信息技术": 3},
    Stage.SENIOR: {"语文": 14, "数学": 14, "英语": 13, "物理": 9, "化学": 8, "生物": 7, "历史": 6, "地理": 6,
                   "政治": 6, "音乐": 2, "体育": 6, "美术": 2, "信息技术": 3},
}  # fmt: skip
_FEMALE_SHARE = {Stage.PRIMARY: 0.72, Stage.JUNIOR: 0.62, Stage.SENIOR: 0.55}
_POST = Weighted([("专业技术岗位", 88), ("管理岗位", 8), ("工勤技能岗位", 4)])
_PARTY = Weighted([("中共党员", 36), ("中共预备党员", 2), ("群众", 50), ("共青团员", 9), ("民盟盟员", 1),
                   ("民进会员", 1), ("九三学社社员", 0.5), ("农工党党员", 0.5)])  # fmt: skip
_STATUS = Weighted([("active", 96), ("seconded", 2), ("leave", 1.5), ("retired", 0.5)])
_DEGREE_AGE = {"专科": 21, "本科": 22, "硕士研究生": 25, "博士研究生": 28}
_BACKBONE = {"正高级教师": 0.8, "高级教师": 0.16, "一级教师": 0.1, "二级教师": 0.04}


@dataclass(slots=True)
class TeacherRecord:
    name: str
    gender: str
    staff_no: str
    id_number: str
    birth_date: dt.date
    ethnicity: str
    political_status: str
    work_started_on: dt.date
    joined_school_on: dt.date
    highest_education: str
    post_category: str
    professional_title: str
    is_backbone: bool
    status: str
    subject: str
    stage_taught: str
    weekly_lessons: int


@dataclass(slots=True)
class StudentRecord:
    name: str
    gender: str
    id_number: str
    birth_date: dt.date
    ethnicity: str
    grade: str
    class_name: str
    enrolled_on: dt.date
    status: str


class PeopleFactory:
    """Makes the people of each school in turn; one allocator keeps ID numbers unique across all of them."""

    def __init__(self, seed: int):
        self.seed = seed
        self.ids = IdNumberAllocator(seed)
        self._surnames = Weighted(names.SURNAMES)
        self._ethnicities = {
            code: Weighted([("汉族", 1 - profile.mongol_share - 0.0385), ("蒙古族", profile.mongol_share),
                            ("回族", 0.02), ("满族", 0.015), ("达斡尔族", 0.0035)])
            for code, profile in REGION_PROFILES.items()
        }  # fmt: skip
        self._given = {
            (False, True): (names.GIVEN_OLDER_MALE, names.COMMON_OLDER_MALE),
            (False, False): (names.GIVEN_OLDER_FEMALE, names.COMMON_OLDER_FEMALE),
            (True, True): (names.GIVEN_YOUNGER_MALE, names.COMMON_YOUNGER_MALE),
            (True, False): (names.GIVEN_YOUNGER_FEMALE, names.COMMON_YOUNGER_FEMALE),
        }
        self._subjects = {
            (stage, code): Weighted([*subjects.items(), ("蒙古语文", 0.3 + 15 * profile.mongol_share)])
            for stage, subjects in _SUBJECTS.items()
            for code, profile in REGION_PROFILES.items()
        }

    def name(self, rng: Random, gender: str, ethnicity: str, young: bool) -> str:
        male = gender == "1"
        if ethnicity == "蒙古族" and rng.random() < 0.55:
            given = rng.choice(names.MONGOLIAN_MALE if male else names.MONGOLIAN_FEMALE)
            return (rng.choice(names.ETHNIC_SURNAMES["蒙古族"]) if rng.random() < 0.35 else "") + given
        if ethnicity in names.ETHNIC_SURNAMES and rng.random() < 0.5:
            surname = rng.choice(names.ETHNIC_SURNAMES[ethnicity])
        else:
            surname = self._surnames.pick(rng)
        pool, common = self._given[(young, male)]
        draw = rng.random()
        if draw < 0.35:
            return surname + rng.choice(common)
        if draw < (0.45 if young else 0.6):
            given = rng.choice(pool)
            while given in names.NOT_ALONE:
                given = rng.choice(pool)
            return surname + given
        return surname + rng.choice(pool) + rng.choice(pool)

    def school_rng(self, school: SchoolPlan) -> Random:
        """Each school draws from its own stream, so one school's people do not depend on another's count."""
        return Random(f"{self.seed}:{school.code}")

    def teachers(self, rng: Random, school: SchoolPlan):
        for number in range(1, school.teachers + 1):
            yield self._teacher(rng, school, number)

    def _teacher(self, rng: Random, school: SchoolPlan, number: int) -> TeacherRecord:
        post = _POST.pick(rng)
        stage_taught = _STAGE_TAUGHT[school.stage].pick(rng) if post != "工勤技能岗位" else ""
        subject = self._subjects[(stage_taught, school.region_code)].pick(rng) if stage_taught else ""
        female_share = _FEMALE_SHARE.get(stage_taught, 0.4) * (0.5 if subject == "体育" else 1)
        gender = "2" if rng.random() < female_share else "1"
        ethnicity = "蒙古族" if subject == "蒙古语文" else self._ethnicities[school.region_code].pick(rng)
        birth_year = 1965 + int(rng.betavariate(1.8, 1.5) * 37)
        birth = random_date(rng, dt.date(birth_year, 1, 1), dt.date(birth_year, 12, 31))
        age = SCHOOL_YEAR_START.year - birth_year
        degree = rng.choices(
            ("专科", "本科", "硕士研究生", "博士研究生"),
            (25, 70, 4, 0) if age > 45 else (6, 76, 17, 0.3),
        )[0]
        while birth_year + _DEGREE_AGE[degree] > SCHOOL_YEAR_START.year:
            degree = "本科" if degree != "本科" else "专科"
        start_year = min(birth_year + _DEGREE_AGE[degree] + int(rng.expovariate(1.5)), SCHOOL_YEAR_START.year)
        work_started = dt.date(start_year, rng.choice((7, 8, 9)), 1)
        if rng.random() < 0.45:
            joined = work_started
        else:
            joined = random_date(rng, work_started, SCHOOL_YEAR_START).replace(day=1)
        title = (
            _title(rng, SCHOOL_YEAR_START.year - start_year, degree) if post != "工勤技能岗位" else "未定职级"
        )
        party = _PARTY.pick(rng)
        if party == "共青团员" and age > 28:
            party = "群众"
        status = _STATUS.pick(rng)
        if status == "retired" and age < (55 if gender == "2" else 60):
            status = "active"
        lessons = (
            {"专业技术岗位": (8, 18), "管理岗位": (4, 10)}.get(post, (0, 0)) if status == "active" else (0, 0)
        )
        return TeacherRecord(
            name=self.name(rng, gender, ethnicity, young=False),
            gender=gender,
            staff_no=f"{school.code[4:]}{number:04d}",
            id_number=self.ids.allocate(birth, gender),
            birth_date=birth,
            ethnicity=ethnicity,
            political_status=party,
            work_started_on=work_started,
            joined_school_on=joined,
            highest_education=degree,
            post_category=post,
            professional_title=title,
            is_backbone=rng.random() < _BACKBONE.get(title, 0.01) if post != "工勤技能岗位" else False,
            status=status,
            subject=subject,
            stage_taught=stage_taught,
            weekly_lessons=rng.randint(*lessons),
        )

    def students(self, rng: Random, school: SchoolPlan):
        stage = Stage(school.stage)
        grades = [(grade, first) for first, last in _SECTIONS[stage] for grade in range(first, last + 1)]
        per_grade = apportion(school.students, [rng.uniform(0.85, 1.15) for _ in grades])
        class_size = 30 if school.is_rural else 45
        ethnicities = self._ethnicities[school.region_code]
        for (grade, first), count in zip(grades, per_grade, strict=True):
            classes = max(1, ceil(count / class_size))
            enrolled = dt.date(SCHOOL_YEAR_START.year - (grade - first), 9, 1)
            for index in range(count):
                gender = "1" if rng.random() < 0.52 else "2"
                ethnicity = ethnicities.pick(rng)
                # Normal age: six by 31 August of the year they entered grade one; a few are a year older.
                late = 1 if rng.random() < 0.03 else 0
                born_by = SCHOOL_YEAR_START.year - 6 - (grade - 1) - late
                birth = random_date(rng, dt.date(born_by - 1, 9, 1), dt.date(born_by, 8, 31))
                yield StudentRecord(
                    name=self.name(rng, gender, ethnicity, young=True),
                    gender=gender,
                    id_number=self.ids.allocate(birth, gender),
                    birth_date=birth,
                    ethnicity=ethnicity,
                    grade=GRADES[grade - 1],
                    class_name=f"{index * classes // count + 1}班",
                    enrolled_on=enrolled,
                    status="suspended" if rng.random() < 0.004 else "enrolled",
                )


def _title(rng: Random, years: int, degree: str) -> str:
    """Professional title by years in work: 二级 after probation, 一级 after about five years, and so on."""
    if years < 1:
        return "未定职级"
    if years < 5:
        return rng.choices(("二级教师", "三级教师", "未定职级"), (85, 10 if degree == "专科" else 3, 5))[0]
    if years < 12:
        return rng.choices(("二级教师", "一级教师"), (45, 55))[0]
    if years < 22:
        return rng.choices(("二级教师", "一级教师", "高级教师"), (10, 65, 25))[0]
    return rng.choices(("二级教师", "一级教师", "高级教师", "正高级教师"), (3.5, 50, 45, 1.5))[0]
