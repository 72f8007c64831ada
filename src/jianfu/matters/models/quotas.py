"""Quotas per year and region (a county's row overrides the city's), their counters, and schools' exam weeks."""

from django.db import models


class QuotaSetting(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    campus_activities_per_semester = models.PositiveSmallIntegerField("每校每学期进校园活动上限", default=6)
    supervisions_per_year = models.PositiveSmallIntegerField("每校每年县级以上综合督导上限", default=1)
    social_exams_per_year = models.PositiveSmallIntegerField("每校每年社会考试上限", default=6)
    proctoring_per_teacher_year = models.PositiveSmallIntegerField("教师每年人均监考上限", default=4)
    min_interval_days = models.PositiveSmallIntegerField("工作布置后最短检查间隔（天）", default=30)
    announce_months_ahead = models.PositiveSmallIntegerField("检查内容提前公布（月）", default=1)

    class Meta:
        ordering = ["-year", "region__code"]
        verbose_name = "配额设置"
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="one_quota_per_year_and_region")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}"


class QuotaCounter(models.Model):
    """How much of one school's quota bucket approved Matters have used; approvals lock the row (select_for_update)."""

    school = models.ForeignKey("registry.School", on_delete=models.CASCADE, related_name="+")
    bucket = models.CharField(max_length=40)  # e.g. "campus:2026-1", "supervision:2026", "proctoring:2026"
    used = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "配额计数"
        constraints = [
            models.UniqueConstraint(fields=["school", "bucket"], name="one_counter_per_school_bucket")
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.bucket} {self.used}"


class ExamWeek(models.Model):
    school = models.ForeignKey("registry.School", on_delete=models.CASCADE, related_name="exam_weeks")
    title = models.CharField("名称", max_length=60, default="考试周")
    starts_on = models.DateField("开始")
    ends_on = models.DateField("结束")

    class Meta:
        ordering = ["school", "starts_on"]
        verbose_name = "学校考试周"

    def __str__(self) -> str:
        return f"{self.title} {self.starts_on}–{self.ends_on}"
