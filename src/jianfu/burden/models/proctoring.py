"""Measure 8: proctor assignments for approved social exams, and the solver runs that produced them."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ProctoringRun(models.Model):
    """One solve for a school's exams in a period: the optimum max load and its lower bound, as reported."""

    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    date_from = models.DateField("开始日期")
    date_to = models.DateField("结束日期")
    optimum = models.PositiveSmallIntegerField("最大监考次数（最优）")
    lower_bound = models.PositiveSmallIntegerField("下界")
    cap = models.PositiveSmallIntegerField("每人每年上限")
    # matter id (str) -> {"subjects": [...], "stages": [...]}: teachers of the exam's students do not proctor it.
    exclusions = models.JSONField("回避设置", default=dict, blank=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField("安排时间", default=timezone.now)

    class Meta:
        ordering = ["-run_at", "-id"]
        verbose_name = "监考安排批次"

    def __str__(self) -> str:
        return f"{self.school_id} {self.date_from}–{self.date_to}"


class ProctorAssignment(models.Model):
    class Source(models.TextChoices):
        SOLVER = "solver", "自动安排"
        MANUAL = "manual", "手工调整"

    run = models.ForeignKey(ProctoringRun, on_delete=models.PROTECT, related_name="assignments")
    matter = models.ForeignKey("matters.Matter", on_delete=models.PROTECT, related_name="proctor_assignments")
    teacher = models.ForeignKey(
        "registry.Teacher", on_delete=models.PROTECT, related_name="proctor_assignments"
    )
    school = models.ForeignKey("registry.School", on_delete=models.PROTECT, related_name="+")
    exam_date = models.DateField("考试日期")
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.SOLVER)
    load_before = models.PositiveSmallIntegerField("安排前本年度监考次数")
    load_after = models.PositiveSmallIntegerField("安排后本年度监考次数")
    explanation = models.CharField("安排理由", max_length=300)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField("安排时间", default=timezone.now)
    # Set once the exam has taken place and the school records it: the proctor's hours in the burden ledger.
    ledger_entry = models.OneToOneField(
        "burden.LedgerEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["exam_date", "matter_id", "teacher_id"]
        verbose_name = "监考安排"
        indexes = [models.Index(fields=["school", "exam_date"])]
        constraints = [
            models.UniqueConstraint(fields=["matter", "teacher"], name="one_assignment_per_exam_and_teacher"),
            # Available: nobody proctors two exams on one day.
            models.UniqueConstraint(
                fields=["teacher", "exam_date"], name="one_proctoring_per_teacher_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam_date} {self.teacher_id}"
