"""Private calendar feeds: one per school and one per teacher, addressed by a signed random token."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CalendarFeed(models.Model):
    """The feed's URL token is `nonce` signed with the server's key (jianfu.matters.calendar): the nonce alone,
    as stored here, does not open the feed. Regenerating replaces the nonce, so the old URL stops working."""

    school = models.OneToOneField(
        "registry.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
        verbose_name="学校",
    )
    teacher = models.OneToOneField(
        "registry.Teacher",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
        verbose_name="教师",
    )
    nonce = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    regenerated_at = models.DateTimeField("最近重新生成", null=True, blank=True)

    class Meta:
        verbose_name = "日程订阅"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(school__isnull=False) & models.Q(teacher__isnull=True))
                | (models.Q(school__isnull=True) & models.Q(teacher__isnull=False)),
                name="calendar_feed_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        if self.school_id:
            return f"{self.school.name}日程订阅"
        return f"{self.teacher.name}的日程订阅"
