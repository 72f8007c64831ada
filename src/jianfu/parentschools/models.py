"""A parent-school session (家长学校) as a school records it: when, what, who spoke, for which grade, and how many
parents came of how many invited. Summaries are aggregated in the database (selectors)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

AUDIENCES = ("全校", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级",
             "高一", "高二", "高三")  # fmt: skip


class ParentSchoolSession(models.Model):
    school = models.ForeignKey(
        "registry.School",
        on_delete=models.PROTECT,
        related_name="parent_school_sessions",
        verbose_name="学校",
    )
    date = models.DateField("日期")
    title = models.CharField("主题", max_length=120)
    speaker = models.CharField("主讲人", max_length=60)
    audience_grade = models.CharField(
        "面向年级", max_length=10, choices=[(value, value) for value in AUDIENCES]
    )
    attended = models.PositiveIntegerField("实到家长数")
    invited = models.PositiveIntegerField("应到家长数")
    notes = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "家长学校活动"
        indexes = [models.Index(fields=["school", "date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(invited__gte=1), name="parent_school_invites_someone"),
            models.CheckConstraint(
                condition=models.Q(attended__lte=models.F("invited")),
                name="parent_school_attended_at_most_invited",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def attendance_rate(self) -> Decimal | None:
        return percent(self.attended, self.invited)


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in per cent, one decimal, rounded half up (None when there is no whole)."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
