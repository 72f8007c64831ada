"""Collect once, use many times (measures 15-17): fields collected by data requests, teachers' answers, and what
each approved data request delivered from the registry and asked of teachers.

The registry's own columns are described by the field dictionary (catalogs/field-dictionary.toml); a field a
request needs that no registry column holds becomes a CollectedField, asked once of each teacher concerned, and
their answers (TeacherFieldValue) serve every later request without asking again.
"""

from django.db import models
from django.utils import timezone

from jianfu.datahub.dictionary import COLLECTED_PREFIX


class CollectedField(models.Model):
    """A field first asked of teachers by a data request; afterwards held for every teacher who answered it."""

    label = models.CharField("字段名称", max_length=100)
    key = models.CharField("规范名称", max_length=100, unique=True)  # dictionary.normalise(label)
    first_request = models.ForeignKey(
        "matters.Matter",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="首次采集的数据需求",
    )
    created_at = models.DateTimeField("首次采集时间", default=timezone.now)

    class Meta:
        ordering = ["label", "id"]
        verbose_name = "采集字段"

    def __str__(self) -> str:
        return self.label

    @property
    def code(self) -> str:
        return f"{COLLECTED_PREFIX}{self.pk}"


class TeacherFieldValue(models.Model):
    """One teacher's answer for one collected field: joins the registry for the next request."""

    teacher = models.ForeignKey(
        "registry.Teacher", on_delete=models.CASCADE, related_name="field_values", verbose_name="教师"
    )
    field = models.ForeignKey(
        CollectedField, on_delete=models.PROTECT, related_name="values", verbose_name="字段"
    )
    value = models.CharField("内容", max_length=200)
    collected_by_request = models.ForeignKey(
        "matters.Matter", on_delete=models.PROTECT, related_name="+", verbose_name="采集的数据需求"
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        ordering = ["teacher_id", "field_id"]
        verbose_name = "教师采集信息"
        constraints = [
            models.UniqueConstraint(fields=["teacher", "field"], name="one_value_per_teacher_and_field")
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id}:{self.field_id}"


class DataDelivery(models.Model):
    """What an approved data request (a Matter of kind data_request) gets: its fields as classified at approval,
    delivered from the registry on demand, and the counts of entries served without asking anyone."""

    matter = models.OneToOneField(
        "matters.Matter", on_delete=models.PROTECT, related_name="data_delivery", verbose_name="数据需求"
    )
    population = models.CharField("对象", max_length=10)
    # [{"requested", "code", "label", "status": "held" | "new", "source"}] as classified at approval.
    fields = models.JSONField("字段", default=list)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    people = models.PositiveIntegerField("涉及人数", default=0)
    served = models.PositiveIntegerField("信息库直接提供（人×字段）", default=0)
    asked = models.PositiveIntegerField("向教师采集（人×字段）", default=0)
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "数据交付"

    def __str__(self) -> str:
        return f"{self.matter.title}（数据交付）"


class DeliveryTally(models.Model):
    """A delivery's counts for one school (and so its county and year): the yearly headline sums these rows."""

    delivery = models.ForeignKey(DataDelivery, on_delete=models.CASCADE, related_name="tallies")
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    people = models.PositiveIntegerField("涉及人数", default=0)
    served = models.PositiveIntegerField("信息库直接提供", default=0)
    asked = models.PositiveIntegerField("向教师采集", default=0)
    answered = models.PositiveIntegerField("教师已填写", default=0)

    class Meta:
        verbose_name = "数据交付统计"
        constraints = [
            models.UniqueConstraint(fields=["delivery", "school"], name="one_tally_per_delivery_and_school")
        ]
        indexes = [models.Index(fields=["year", "region"])]

    def __str__(self) -> str:
        return f"{self.delivery_id}:{self.school_id}"


class FieldTask(models.Model):
    """The minimal form of one teacher for one request: only the fields not yet held for that teacher."""

    class Status(models.TextChoices):
        OPEN = "open", "待填写"
        DONE = "done", "已填写"

    delivery = models.ForeignKey(DataDelivery, on_delete=models.CASCADE, related_name="tasks")
    teacher = models.ForeignKey(
        "registry.Teacher", on_delete=models.CASCADE, related_name="field_tasks", verbose_name="教师"
    )
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    fields = models.ManyToManyField(CollectedField, related_name="+", verbose_name="需填写的字段")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField("发放时间", default=timezone.now)
    completed_at = models.DateTimeField("填写完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "教师填报任务"
        constraints = [
            models.UniqueConstraint(fields=["delivery", "teacher"], name="one_task_per_delivery_and_teacher")
        ]
        indexes = [models.Index(fields=["teacher", "status"])]

    def __str__(self) -> str:
        return f"{self.delivery_id}:{self.teacher_id}"
