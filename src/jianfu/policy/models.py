"""The case library: violations a supervisor confirmed, which later screenings compare new Matters against."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ConfirmedCase(models.Model):
    measure = models.PositiveSmallIntegerField(
        "违反条款", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    rule_id = models.CharField("规则编号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=300)
    description = models.TextField("内容", blank=True)
    organizer_name = models.CharField("组织者", max_length=100, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="确认人"
    )
    confirmed_at = models.DateTimeField("确认时间", auto_now_add=True)
    source_note = models.CharField("来源说明", max_length=300, blank=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        verbose_name = "已确认违规案例"

    def __str__(self) -> str:
        return f"第{self.measure}条：{self.title}"
