"""Monthly rollups of the burden ledger, so dashboards read a table whose size does not grow with the ledger.

Each ledger write adds its hours to these rows in the same transaction (burden/rollups.py, an UPSERT); `jianfu
rollups-rebuild` recomputes them from the ledger. The rows are derived data: never edited by hand, and a GROUP BY
over the ledger gives the same figures (tests/burden/test_rollups.py).

- RegionLedgerRollup: a county's hours per month and category (the city's counties, without touching schools).
- LedgerRollup: a school's hours per month and category (a county's schools).
- TeacherLedgerRollup: a teacher's hours per month and category, at the school the work was recorded for.
- TeacherMonthRollup: a teacher's month total, indexed by (month, hours) so warnings read only the rows above
  the lowest threshold in force.
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
        indexes = [models.Index(fields=["month", "school"], name="ledger_rollup_month")]

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
        # Covering (PostgreSQL): warnings are counted by an index-only scan of the month's rows above a threshold.
        indexes = [
            models.Index(fields=["month", "hours"], include=["school"], name="teacher_month_rollup_hours")
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.month:%Y-%m} {self.hours}"
