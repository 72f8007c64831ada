"""The burden ledger: the teacher hours each approved Matter (or other work) cost, append-only.

A row is never changed or removed: the model and its queryset refuse, and database triggers refuse UPDATE (and
DELETE on PostgreSQL; see migrations/0002). A wrong entry is answered by a correction entry that points at it and
carries a signed hours delta in the same category and on the same date, so every sum nets it out.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jianfu.common.append_only import AppendOnlyQuerySet


class AppendOnlyLedgerError(RuntimeError):
    """Raised on any attempt to change or remove a ledger row."""


class Category(models.TextChoices):
    """TALIS teacher time-use categories (OECD TALIS 2018, question on hours spent on tasks)."""

    ADMINISTRATIVE = "administrative", "行政事务"
    MEETINGS = "meetings", "会议"
    PROFESSIONAL_DEVELOPMENT = "professional_development", "培训研修"
    PROCTORING = "proctoring", "监考"
    INSPECTIONS = "inspections", "迎检与材料"
    CAMPUS_ACTIVITIES = "campus_activities", "进校园活动"
    DATA_REQUESTS = "data_requests", "报表填报"
    OTHER = "other", "其他"


# The category a Matter's kind suggests when a school records who took part.
CATEGORY_OF_KIND = {
    "inspection": Category.INSPECTIONS,
    "campus_activity": Category.CAMPUS_ACTIVITIES,
    "social_exam": Category.PROCTORING,
    "meeting": Category.MEETINGS,
    "training": Category.PROFESSIONAL_DEVELOPMENT,
    "secondment": Category.OTHER,
    "data_request": Category.DATA_REQUESTS,
    "task": Category.ADMINISTRATIVE,
}


class LedgerQuerySet(AppendOnlyQuerySet):
    error = AppendOnlyLedgerError
    update_refused = "负担台账只能追加，不能修改；请登记更正记录"
    delete_refused = "负担台账只能追加，不能删除；请登记更正记录"


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        ENTRY = "entry", "登记"
        CORRECTION = "correction", "更正"

    teacher = models.ForeignKey(
        "registry.Teacher", on_delete=models.PROTECT, related_name="ledger_entries", verbose_name="教师"
    )
    # The teacher's school when the work was recorded: sums per school and county group on it without a join.
    school = models.ForeignKey(
        "registry.School", on_delete=models.PROTECT, related_name="+", verbose_name="学校"
    )
    matter = models.ForeignKey(
        "matters.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name="涉校事项",
    )
    category = models.CharField("类别", max_length=30, choices=Category.choices)
    hours = models.DecimalField("小时", max_digits=6, decimal_places=2)
    date = models.DateField("日期")
    kind = models.CharField("记录类型", max_length=10, choices=Kind.choices, default=Kind.ENTRY)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="更正的记录",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "负担台账记录"
        indexes = [
            models.Index(fields=["teacher", "date"]),
            models.Index(fields=["school", "date"]),
            models.Index(fields=["date", "school"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="entry") & Q(hours__gt=0) & Q(corrects__isnull=True))
                | (Q(kind="correction") & ~Q(hours=0) & Q(corrects__isnull=False)),
                name="ledger_entry_positive_or_signed_correction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_category_display()} {self.hours}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyLedgerError("负担台账只能追加，不能修改；请登记更正记录")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyLedgerError("负担台账只能追加，不能删除；请登记更正记录")


class Dispute(models.Model):
    """A teacher contests one of their own entries; the school resolves it, with or without a correction."""

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        RESOLVED = "resolved", "已处理"

    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="disputes")
    teacher = models.ForeignKey("registry.Teacher", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("异议理由", max_length=300)
    claimed_hours = models.DecimalField(
        "本人认为的小时数", max_digits=6, decimal_places=2, null=True, blank=True
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField("提出时间", default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    resolution = models.CharField("处理意见", max_length=300, blank=True)
    correction = models.ForeignKey(
        LedgerEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="更正记录",
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = "台账异议"
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="open"), name="one_open_dispute_per_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.get_status_display()}"
