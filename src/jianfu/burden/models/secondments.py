"""Measure 14: the secondment register's own rows. The register itself is the approved secondment Matters
(selectors_secondments); here are only what the Matter does not hold: a teacher's recorded return, the
reminders already raised (so that a daily run never raises one twice), and the open secondments at the teachers'
schools now that the dashboards count (kept by triggers, ADR 0010)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SecondmentReturn(models.Model):
    """The teacher came back to their school: recorded once per secondment, never edited."""

    matter = models.OneToOneField(
        "matters.Matter", on_delete=models.PROTECT, related_name="secondment_return", verbose_name="借用事项"
    )
    teacher = models.ForeignKey("registry.Teacher", on_delete=models.PROTECT, related_name="+")
    # The teacher's school when the return was recorded (scope follows it, like the ledger).
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField("返岗日期")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        ordering = ["-returned_on", "-id"]
        verbose_name = "借用教师返岗记录"

    def __str__(self) -> str:
        return f"{self.teacher_id} 返岗 {self.returned_on}"


class SecondmentReminder(models.Model):
    """A reminder raised for a secondment: 30 or 7 days before its end, or overdue (past the end, no return).

    Unique per secondment, threshold and end date: an extension (a new ends_on) gets its own reminders.
    The reminder is addressed to the county bureau and supervisors of the teacher's school (and that school):
    the scope of its school decides who sees it."""

    class Threshold(models.TextChoices):
        DAYS_30 = "30", "30天后到期"
        DAYS_7 = "7", "7天后到期"
        OVERDUE = "overdue", "已逾期未返岗"

    matter = models.ForeignKey(
        "matters.Matter", on_delete=models.PROTECT, related_name="secondment_reminders"
    )
    teacher = models.ForeignKey("registry.Teacher", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    threshold = models.CharField("提醒", max_length=10, choices=Threshold.choices)
    ends_on = models.DateField("借用结束日期")
    due_on = models.DateField("提醒日期")
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        ordering = ["-due_on", "-id"]
        verbose_name = "借用到期提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "threshold", "ends_on"], name="one_reminder_per_secondment_threshold_end"
            )
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.get_threshold_display()}"


class OpenSecondment(models.Model):
    """An approved secondment with a teacher and no recorded return, at the teacher's school now: what the
    dashboards count. Kept by database triggers on the Matters, the returns, the teachers and the schools
    (ADR 0010), never written by the application; foreign keys without constraints, as derived rows."""

    matter = models.OneToOneField(
        "matters.Matter", on_delete=models.DO_NOTHING, primary_key=True, db_constraint=False, related_name="+"
    )
    teacher = models.ForeignKey(
        "registry.Teacher", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    school = models.ForeignKey(
        "registry.School", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    region = models.ForeignKey(
        "registry.Region", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    starts_on = models.DateField("借用开始日期", null=True)
    ends_on = models.DateField("借用结束日期", null=True)

    class Meta:
        verbose_name = "借用中的教师"

    def __str__(self) -> str:
        return f"{self.matter_id} {self.teacher_id} {self.school_id}"
