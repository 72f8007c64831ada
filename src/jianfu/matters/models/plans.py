"""Annual plans of inspections (measure 1): a bureau opens the year's plan, departments file entries, it is published."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class AnnualPlan(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "征集中"
        PUBLISHED = "published", "已公布"

    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    window_closes_on = models.DateField("报备截止", null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "region__code"]
        verbose_name = "年度督查检查计划"
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="one_plan_per_year_and_region")
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年度督查检查计划"


class PlanEntry(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="entries")
    department = models.ForeignKey(
        "registry.Department", on_delete=models.PROTECT, related_name="+", verbose_name="报备部门"
    )
    title = models.CharField("事项名称", max_length=300)
    description = models.TextField("内容", blank=True)
    planned_month = models.PositiveSmallIntegerField(
        "计划月份", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    comprehensive = models.BooleanField("综合督导检查", default=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField("报备时间", default=timezone.now)

    class Meta:
        ordering = ["plan", "planned_month", "id"]
        verbose_name = "年度计划条目"

    def __str__(self) -> str:
        return self.title
