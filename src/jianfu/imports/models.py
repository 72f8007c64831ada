"""Imports from the national systems (measures 15-17): the record groups of the teacher management information
system kept beside the registry's Teacher (教育教学, 国内培训, 教师资格, 年度考核), and the import jobs of the upload
page with their progress and error report.

A record group is replaced per teacher on each import that carries it, and left alone when the numbers are the
same, so importing one file twice changes nothing.
"""

import uuid

from django.conf import settings
from django.db import models

from jianfu.registry.models import School, Teacher


class TeacherRecord(models.Model):
    """A row of one record group; each subclass adds `teacher` with its own related name."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @classmethod
    def compared_fields(cls) -> list[str]:
        """The fields compared to decide whether an import changes a teacher's records (all but id and teacher)."""
        return [f.attname for f in cls._meta.concrete_fields if f.attname not in ("id", "teacher_id")]


class TeachingRecord(TeacherRecord):
    """教育教学: what a teacher taught in a school year (or term)."""

    class Term(models.TextChoices):
        FIRST = "1", "第一学期"
        SECOND = "2", "第二学期"

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="teaching_records", verbose_name="教师"
    )
    school_year = models.CharField("学年", max_length=9)
    term = models.CharField("学期", max_length=1, choices=Term.choices, blank=True)
    stage = models.CharField("任教学段", max_length=12, choices=School.Stage.choices, blank=True)
    is_teaching = models.BooleanField("是否任课", default=True)
    course = models.CharField("任教课程", max_length=40, blank=True)
    weekly_lessons = models.DecimalField("平均每周课堂教学课时数", max_digits=4, decimal_places=1, default=0)
    weekly_other_hours = models.DecimalField(
        "平均每周其他工作折合课时数", max_digits=4, decimal_places=1, default=0
    )
    other_duties = models.CharField("兼任工作", max_length=60, blank=True)

    class Meta:
        ordering = ["teacher_id", "-school_year", "term", "id"]
        verbose_name = "教育教学记录"


class TrainingRecord(TeacherRecord):
    """国内培训: a training a teacher attended, at its level."""

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        SCHOOL = "school", "校级"

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="training_records", verbose_name="教师"
    )
    year = models.PositiveSmallIntegerField("培训年度")
    level = models.CharField("培训类别", max_length=12, choices=Level.choices)
    project = models.CharField("培训项目名称", max_length=100)
    provider = models.CharField("培训机构名称", max_length=100, blank=True)
    mode = models.CharField("培训方式", max_length=20, blank=True)
    hours = models.DecimalField("培训获得学时", max_digits=6, decimal_places=1, null=True, blank=True)
    credits = models.DecimalField("培训获得学分", max_digits=6, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["teacher_id", "-year", "id"]
        verbose_name = "国内培训记录"


class QualificationRecord(TeacherRecord):
    """教师资格: a teacher qualification certificate."""

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="qualification_records", verbose_name="教师"
    )
    kind = models.CharField("教师资格种类", max_length=30)
    number = models.CharField("教师资格证号码", max_length=30)
    subject = models.CharField("任教学科", max_length=20, blank=True)
    issued_on = models.DateField("证书颁发日期", null=True, blank=True)
    issuer = models.CharField("颁发机构", max_length=60, blank=True)

    class Meta:
        ordering = ["teacher_id", "issued_on", "id"]
        verbose_name = "教师资格记录"


class AppraisalRecord(TeacherRecord):
    """年度考核: the result of a teacher's annual appraisal."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        PASS = "pass", "合格"
        BASIC = "basic", "基本合格"
        FAIL = "fail", "不合格"
        UNRATED = "unrated", "不定等次"
        ABSENT = "absent", "未参加考核"

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="appraisal_records", verbose_name="教师"
    )
    year = models.PositiveSmallIntegerField("考核年度")
    result = models.CharField("考核结果", max_length=10, choices=Result.choices)
    unit = models.CharField("考核单位名称", max_length=80, blank=True)

    class Meta:
        ordering = ["teacher_id", "-year", "id"]
        verbose_name = "年度考核记录"
        constraints = [
            models.UniqueConstraint(fields=["teacher", "year"], name="imports_one_appraisal_a_year")
        ]


class ImportJob(models.Model):
    """One upload on the import page: checked, then written in one transaction, or nothing written at all.

    The file itself waits, encrypted, in its ImportUpload until the job is done or turned down (imports.spool).
    The job keeps its name, size and hash, the progress, the counts, the error report (ID numbers masked) and how
    many times a worker has started it (`attempts`).
    """

    class Kind(models.TextChoices):
        TEACHERS = "teachers", "教师"
        STUDENTS = "students", "学生"

    class Status(models.TextChoices):
        QUEUED = "queued", "等待处理"
        CHECKING = "checking", "正在检查"
        WRITING = "writing", "正在写入"
        DONE = "done", "已导入"
        REJECTED = "rejected", "有错误，未导入"
        FAILED = "failed", "无法导入"

    FINISHED = (Status.DONE, Status.REJECTED, Status.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("导入内容", max_length=10, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="导入人"
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="学校"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=200)
    file_size = models.PositiveIntegerField("文件大小", default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    skip_bad_rows = models.BooleanField("跳过有错误的行", default=False)
    rows_total = models.PositiveIntegerField("总行数（估计）", default=0)
    rows_done = models.PositiveIntegerField("已检查行数", default=0)
    counts = models.JSONField("结果", default=dict, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误报告", default=list, blank=True)
    message = models.TextField("说明", blank=True)
    attempts = models.PositiveSmallIntegerField("处理次数", default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "导入任务"
        indexes = [models.Index(fields=["created_by", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}导入 {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if self.status in self.FINISHED:
            return 100
        if self.status == self.Status.WRITING:
            return 95
        if not self.rows_total:
            return 0
        return min(90, self.rows_done * 90 // self.rows_total)


class ImportUpload(models.Model):
    """The uploaded file of a job while a worker may still read it (imports.spool): sealed with AES-GCM under
    JIANFU_FIELD_KEY, as it holds ID numbers in clear; deleted when the job is done or turned down."""

    job = models.OneToOneField(
        ImportJob, on_delete=models.CASCADE, primary_key=True, related_name="upload", verbose_name="导入任务"
    )
    sealed = models.BinaryField("加密的文件")
    stored_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "待导入文件"

    def __str__(self) -> str:
        return f"{self.job}（待导入文件）"
