"""Monthly rollups of the burden ledger, so dashboards read a table whose size does not grow with the ledger.

Each ledger write adds its hours to these rows in the same transaction (burden/rollups.py, an UPSERT); `jianfu
rollups-rebuild` recomputes them from the ledger. The rows are derived data: never edited by hand, and a GROUP BY
over the ledger gives the same figures (tests/burden/test_rollups.py).

- RegionLedgerRollup: a county's hours per month and category (the city's counties, without touching schools).
- LedgerRollup: a school's hours per month and category (a county's schools).
- TeacherLedgerRollup: a teacher's hours per month and category, at the school the work was recorded for.
- TeacherMonthRollup: a teacher's month total (a school's warnings, and the counters below are counted from it).
- SchoolMonthWarnings: how many of a school's teachers are above threshold in a month (ADR 0005).
- TrainingRollup / TeacherTrainingRollup: professional-development hours by training tier, per school and month
  and per teacher and year (the dashboards' training panel).
"""

from decimal import Decimal

from django.db import models

from jianfu.burden.models.ledger import Category

_HOURS = {"max_digits": 14, "decimal_places": 2, "default": Decimal("0")}
# Keys copied from ledger rows, whose own foreign keys guarantee them: no database constraint to check again on
# every rollup write (a rebuild of ten million rows would spend most of its time on those checks).
_KEY = {"on_delete": models.PROTECT, "related_name": "+", "db_constraint": False}


class RegionLedgerRollup(models.Model):
    """Keyed by the county of the school at the time of the write (a school moved to another county keeps its
    history in the old one until `jianfu rollups-rebuild`)."""

    region = models.ForeignKey("registry.Region", db_index=False, **_KEY)  # leads the unique key
    month = models.DateField("月份")
    category = models.CharField("类别", max_length=30, choices=Category.choices)
    hours = models.DecimalField("小时", **_HOURS)
    entries = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        verbose_name = "旗县区负担月度汇总"
        constraints = [
            models.UniqueConstraint(fields=["region", "month", "category"], name="region_ledger_rollup_key"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} {self.category} {self.hours}"


class LedgerRollup(models.Model):
    school = models.ForeignKey("registry.School", db_index=False, **_KEY)  # leads the unique key
    month = models.DateField("月份")  # the 1st of the month
    category = models.CharField("类别", max_length=30, choices=Category.choices)
    hours = models.DecimalField("小时", **_HOURS)
    entries = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        verbose_name = "负担台账月度汇总"
        constraints = [
            models.UniqueConstraint(fields=["school", "month", "category"], name="ledger_rollup_key"),
        ]
        # A county's month, school by school; its categories and hours in the index, so PostgreSQL reads no table
        # page (an index-only scan: 3.0 -> 1.0 ms for a county of 278 schools at province scale, issue 8).
        indexes = [
            models.Index(
                fields=["month", "school"], name="ledger_rollup_month", include=["category", "hours"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.month:%Y-%m} {self.category} {self.hours}"


class TeacherLedgerRollup(models.Model):
    teacher = models.ForeignKey("registry.Teacher", **_KEY)
    school = models.ForeignKey("registry.School", db_index=False, **_KEY)  # leads the unique key
    month = models.DateField("月份")
    category = models.CharField("类别", max_length=30, choices=Category.choices)
    hours = models.DecimalField("小时", **_HOURS)
    entries = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        verbose_name = "教师负担月度汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "month", "teacher", "category"], name="teacher_ledger_rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.month:%Y-%m} {self.category} {self.hours}"


class TeacherMonthRollup(models.Model):
    teacher = models.ForeignKey("registry.Teacher", **_KEY)
    school = models.ForeignKey("registry.School", db_index=False, **_KEY)  # leads the unique key
    month = models.DateField("月份")
    hours = models.DecimalField("小时", **_HOURS)
    entries = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        verbose_name = "教师月度非教学小时"
        constraints = [
            models.UniqueConstraint(fields=["school", "month", "teacher"], name="teacher_month_rollup_key"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.month:%Y-%m} {self.hours}"


class SchoolMonthWarnings(models.Model):
    """How many of a school's teachers are above their region's monthly threshold in a month: kept by every
    ledger write (burden/rollups.py) and recounted when a threshold changes, so the city's and a county's
    warnings are a read of schools x 1 rows, whatever the ledger's size or how many teachers are above."""

    school = models.ForeignKey("registry.School", db_index=False, **_KEY)  # leads the unique key
    region = models.ForeignKey("registry.Region", **_KEY)  # the school's county at the time of the count
    month = models.DateField("月份")
    teachers = models.PositiveIntegerField("超出预警线的教师数", default=0)

    class Meta:
        verbose_name = "学校月度预警人数"
        constraints = [
            models.UniqueConstraint(fields=["school", "month"], name="school_month_warnings_key"),
        ]
        indexes = [models.Index(fields=["month", "region"], name="school_month_warnings_month")]

    def __str__(self) -> str:
        return f"{self.school_id} {self.month:%Y-%m} {self.teachers}"


class TrainingRollup(models.Model):
    """A school's professional-development hours per month and training tier (the training Matter's `tier`;
    "other" without one): the dashboards' training panel for the city and a county, without reading the ledger."""

    school = models.ForeignKey("registry.School", db_index=False, **_KEY)  # leads the unique key
    # The school's county at the time of the write; leads the county's index.
    region = models.ForeignKey("registry.Region", db_index=False, **_KEY)
    month = models.DateField("月份")
    tier = models.CharField("层级", max_length=10)
    hours = models.DecimalField("小时", **_HOURS)
    entries = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        verbose_name = "培训研修月度汇总"
        constraints = [
            models.UniqueConstraint(fields=["school", "month", "tier"], name="training_rollup_key"),
        ]
        # A county's year: its months side by side, not every month of the county's rows read and dropped; what
        # the panel sums is in the index (an index-only scan: 3.5 -> 1.7 ms for a county at province scale).
        indexes = [
            models.Index(
                fields=["region", "month"],
                name="training_rollup_region_month",
                include=["school", "tier", "hours"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.month:%Y-%m} {self.tier} {self.hours}"


class RegionTrainingRollup(models.Model):
    """A county's professional-development hours per month and tier: the city's training panel reads nine
    counties' rows, not every school's (keyed by the school's county at the time of the write)."""

    region = models.ForeignKey("registry.Region", db_index=False, **_KEY)  # leads the unique key
    month = models.DateField("月份")
    tier = models.CharField("层级", max_length=10)
    hours = models.DecimalField("小时", **_HOURS)
    entries = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        verbose_name = "旗县区培训研修月度汇总"
        constraints = [
            models.UniqueConstraint(fields=["region", "month", "tier"], name="region_training_rollup_key"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} {self.tier} {self.hours}"


class TeacherTrainingRollup(models.Model):
    """A teacher's professional-development hours per year and tier, at the school the work was recorded for:
    the school's training panel, without reading the ledger."""

    teacher = models.ForeignKey("registry.Teacher", **_KEY)
    school = models.ForeignKey("registry.School", db_index=False, **_KEY)  # leads the unique key
    year = models.PositiveSmallIntegerField("年度")
    tier = models.CharField("层级", max_length=10)
    hours = models.DecimalField("小时", **_HOURS)
    entries = models.PositiveIntegerField("记录数", default=0)

    class Meta:
        verbose_name = "教师培训研修年度汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "teacher", "tier"], name="teacher_training_rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.year} {self.tier} {self.hours}"
