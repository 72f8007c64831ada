"""Measure 20: annual physical examinations, and the anonymous WHO-5 wellbeing check.

A WHO-5 answer row holds the five item scores, the school and county, and the period: no account, no teacher,
no IP, no device, no timestamp, and a random UUID key (a sequential id would reveal the order of answering).
The one-time token a teacher answers with is kept apart, only as a hash, in `UsedWellbeingToken`, with nothing
that ties it to the answer it came with.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PhysicalExam(models.Model):
    """A teacher's annual physical examination (一年一体检): due by `due_on`, done on `done_on`."""

    teacher = models.ForeignKey("registry.Teacher", on_delete=models.PROTECT, related_name="physical_exams")
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    due_on = models.DateField("应检日期")
    done_on = models.DateField("体检日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        ordering = ["-year", "school_id", "teacher_id"]
        verbose_name = "教师年度体检"
        constraints = [models.UniqueConstraint(fields=["teacher", "year"], name="one_physical_exam_per_year")]
        indexes = [models.Index(fields=["school", "year"])]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.year}"

    def status_on(self, today) -> str:
        if self.done_on:
            return "done"
        return "overdue" if today > self.due_on else "due"


class WellbeingResponse(models.Model):
    """One anonymous WHO-5 answer: items 0–5, raw 0–25, index = raw × 4 (0–100)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.CharField("周期", max_length=10)
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    item1 = models.PositiveSmallIntegerField()
    item2 = models.PositiveSmallIntegerField()
    item3 = models.PositiveSmallIntegerField()
    item4 = models.PositiveSmallIntegerField()
    item5 = models.PositiveSmallIntegerField()
    raw_score = models.PositiveSmallIntegerField("原始分")

    class Meta:
        verbose_name = "WHO-5 匿名答卷"
        indexes = [models.Index(fields=["period", "school"]), models.Index(fields=["period", "region"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(raw_score__lte=25), name="who5_raw_score_at_most_25")
        ]

    def __str__(self) -> str:
        return f"WHO-5 {self.period}"

    @property
    def index(self) -> int:
        return self.raw_score * 4


class UsedWellbeingToken(models.Model):
    """A spent one-time token (its SHA-256 only): answering twice in a period is refused. Holds no answer."""

    token_hash = models.CharField(max_length=64, primary_key=True)
    period = models.CharField("周期", max_length=10)

    class Meta:
        verbose_name = "已使用的问卷令牌"

    def __str__(self) -> str:
        return f"token {self.period}"
