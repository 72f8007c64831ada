"""The registry: regions (GB/T 2260), schools, departments, teachers and students.

Teachers and students carry their ID number only as ciphertext, keyed hash and masked form (see protection.py).
"""

from django.core.validators import RegexValidator
from django.db import models

SIX_DIGITS = RegexValidator(r"^\d{6}$", "行政区划代码应为6位数字")
TEN_DIGITS = RegexValidator(r"^\d{10}$", "学校标识码应为10位数字")


class Region(models.Model):
    class Level(models.TextChoices):
        CITY = "city", "市"
        COUNTY = "county", "旗县区"

    code = models.CharField("行政区划代码", max_length=6, unique=True, validators=[SIX_DIGITS])
    name = models.CharField("名称", max_length=40)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    seat_name = models.CharField("驻地", max_length=40)
    seat_lat = models.DecimalField("驻地纬度", max_digits=9, decimal_places=6)
    seat_lon = models.DecimalField("驻地经度", max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Stage(models.TextChoices):
        PRIMARY = "primary", "小学"
        JUNIOR = "junior", "初中"
        NINE_YEAR = "nine_year", "九年一贯制"
        SENIOR = "senior", "高中"
        COMPLETE = "complete", "完全中学"
        TWELVE_YEAR = "twelve_year", "十二年一贯制"

    code = models.CharField("学校标识码", max_length=10, unique=True, validators=[TEN_DIGITS])
    name = models.CharField("学校名称", max_length=80)
    stage = models.CharField("学段", max_length=12, choices=Stage.choices)
    is_rural = models.BooleanField("农村学校", default=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="schools", verbose_name="所在旗县区"
    )
    address = models.CharField("地址", max_length=120, blank=True)
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["region__code", "code"]
        verbose_name = "学校"
        indexes = [models.Index(fields=["region", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def urban_rural_label(self) -> str:
        return "农村" if self.is_rural else "城镇"


class Department(models.Model):
    class Kind(models.TextChoices):
        EDUCATION_BUREAU = "education_bureau", "教育行政部门"
        PARTY_COMMITTEE = "party_committee", "党委"
        SUPERVISION = "supervision", "教育督导部门"
        OTHER = "other", "其他部门"

    class Level(models.TextChoices):
        CITY = "city", "市级"
        COUNTY = "county", "旗县区级"

    name = models.CharField("部门名称", max_length=60, unique=True)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    is_education = models.BooleanField("教育部门", default=False)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")

    class Meta:
        ordering = ["region__code", "kind", "name"]
        verbose_name = "部门"

    def __str__(self) -> str:
        return self.name


class SchoolHeadcount(models.Model):
    """Active teachers per school, kept by database triggers on the teacher table (migration 0004), so that every
    write path (services, imports by COPY, raw SQL) keeps it exact in its own transaction and a province's or the
    country's headcount is read from one row per school instead of counted from every teacher (ADR 0008)."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, primary_key=True, related_name="headcount"
    )
    active = models.IntegerField("在岗教师数", default=0)

    class Meta:
        verbose_name = "学校在岗教师数"

    def __str__(self) -> str:
        return f"{self.school_id}: {self.active}"


class Gender(models.TextChoices):
    """GB/T 2261.1 codes."""

    MALE = "1", "男"
    FEMALE = "2", "女"


class Teacher(models.Model):
    """Core fields of the national teacher management information system (教师管理信息系统)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在岗"
        SECONDED = "seconded", "借出"
        LEAVE = "leave", "长期病休"
        RETIRED = "retired", "离退休"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="teachers", verbose_name="学校")
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    staff_no = models.CharField("教职工号", max_length=30, blank=True)
    id_type = models.CharField("身份证件类型", max_length=20, default="居民身份证")
    id_cipher = models.TextField(editable=False)
    id_lookup = models.CharField(max_length=64, unique=True, editable=False)
    id_masked = models.CharField("身份证件号", max_length=18, editable=False)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20)
    political_status = models.CharField("政治面貌", max_length=20)
    work_started_on = models.DateField("参加工作年月", null=True, blank=True)
    joined_school_on = models.DateField("进本校年月", null=True, blank=True)
    highest_education = models.CharField("最高学历", max_length=20)
    post_category = models.CharField("现任岗位类别", max_length=20)
    professional_title = models.CharField("现任专业技术职务", max_length=30)
    is_backbone = models.BooleanField("是否县级以上骨干教师", default=False)
    status = models.CharField("人员状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    subject = models.CharField("任教学科", max_length=20, blank=True)
    stage_taught = models.CharField("任教学段", max_length=12, choices=School.Stage.choices, blank=True)
    weekly_lessons = models.PositiveSmallIntegerField("周课时", default=0)

    class Meta:
        ordering = ["school_id", "id"]
        verbose_name = "教师"
        indexes = [models.Index(fields=["school", "name"])]

    def __str__(self) -> str:
        return self.name


class Student(models.Model):
    """Core fields of the national student registry (全国中小学生学籍信息管理系统)."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "在籍在读"
        SUSPENDED = "suspended", "休学"
        TRANSFERRED = "transferred", "转出"
        GRADUATED = "graduated", "毕业"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students", verbose_name="学校")
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    id_cipher = models.TextField(editable=False)
    id_lookup = models.CharField(max_length=64, unique=True, editable=False)
    id_masked = models.CharField("身份证件号", max_length=18, editable=False)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20)
    grade = models.CharField("年级", max_length=10)
    class_name = models.CharField("班级", max_length=20)
    enrolled_on = models.DateField("入学年月")
    status = models.CharField("学籍状态", max_length=12, choices=Status.choices, default=Status.ENROLLED)

    class Meta:
        ordering = ["school_id", "grade", "class_name", "id"]
        verbose_name = "学生"
        indexes = [models.Index(fields=["school", "grade", "class_name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def registry_no_masked(self) -> str:
        """全国学籍号 is 'G' followed by the ID number; shown masked like the ID number itself."""
        return "G" + self.id_masked
