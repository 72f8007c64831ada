"""Workload thresholds per year and region (a county's row overrides the city's, like the quota settings).

Defaults (used when no row is set): a lesson lasts 45 minutes (初中/高中 practice; 小学 often 40); a teacher
should spend at most 6 hours a week and 24 hours a month on non-teaching work recorded in the ledger; a school is
flagged when its teachers average above the monthly threshold.
"""

from decimal import Decimal

from django.db import models

DEFAULT_LESSON_MINUTES = 45
DEFAULT_WEEKLY_HOURS = Decimal("6")
DEFAULT_MONTHLY_HOURS = Decimal("24")


class WorkloadSetting(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    lesson_minutes = models.PositiveSmallIntegerField("每课时分钟数", default=DEFAULT_LESSON_MINUTES)
    weekly_nonteaching_hours = models.DecimalField(
        "教师每周非教学工作小时上限", max_digits=5, decimal_places=1, default=DEFAULT_WEEKLY_HOURS
    )
    monthly_nonteaching_hours = models.DecimalField(
        "教师每月非教学工作小时上限", max_digits=5, decimal_places=1, default=DEFAULT_MONTHLY_HOURS
    )

    class Meta:
        ordering = ["-year", "region__code"]
        verbose_name = "工作量预警设置"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region"], name="one_workload_setting_per_year_and_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}"
