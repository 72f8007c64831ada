"""Keeping the monthly ledger rollups (models/rollups.py) equal to a GROUP BY over the ledger.

`rollups_add(entries)` is called by the ledger services inside the transaction that writes the entries: one
UPSERT per rollup table (`INSERT ... ON CONFLICT ... DO UPDATE SET hours = hours + excluded.hours`, PostgreSQL and
SQLite >= 3.24 alike), keys sorted so concurrent writers lock rows in the same order; then the touched schools'
warning counters are recounted. `rollups_rebuild()` empties the tables and recomputes them from the ledger in one
transaction (backfills, bulk loads, repairs); `warnings_recount()` recounts the counters after a threshold change.

Warning counters and concurrency (PostgreSQL, READ COMMITTED): a writer locks its schools' counter rows, and only
then reads the thresholds and counts, in a new statement that sees every writer committed before it. A threshold
change takes a per-year advisory lock exclusively, ledger writers take it shared: a count never mixes thresholds.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction

from jianfu.burden.models import (
    LedgerEntry,
    LedgerRollup,
    RegionLedgerRollup,
    RegionTrainingRollup,
    SchoolMonthWarnings,
    TeacherLedgerRollup,
    TeacherMonthRollup,
    TeacherTrainingRollup,
    TrainingRollup,
    WorkloadSetting,
)
from jianfu.burden.models.ledger import Category
from jianfu.burden.models.workload import DEFAULT_MONTHLY_HOURS
from jianfu.burden.services.trainings import TIERS as TRAINING_TIERS
from jianfu.matters.models import Matter
from jianfu.registry.models import Region, School

TIERS = tuple(TRAINING_TIERS)  # a training Matter's tier; any other (or none) is "other"
OTHER_TIER = "other"

_THRESHOLD_LOCK = 0x4A46_0000  # + year: the advisory lock key of a year's thresholds (PostgreSQL)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _upsert(model, key: list[str], rows: dict[tuple, list], conflict: int | None = None) -> None:
    """Add (hours, entries) to each keyed row, inserting the rows that do not exist yet; the first `conflict`
    key columns (all by default) are the unique key, the rest are copied on insert."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*key, "hours", "entries"]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    conflict = ", ".join(connection.ops.quote_name(c) for c in key[:conflict])
    placeholders = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {table} ({quoted}) VALUES ({placeholders}) "  # noqa: S608 (names from model meta)
        f"ON CONFLICT ({conflict}) DO UPDATE SET "
        f"hours = {table}.hours + excluded.hours, entries = {table}.entries + excluded.entries"
    )
    params = [[*k, hours, count] for k, (hours, count) in sorted(rows.items())]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def rollups_add(entries: Iterable[LedgerEntry]) -> None:
    """Add newly written ledger rows (entries or signed corrections) to the rollups; call inside their transaction."""
    schools: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    teachers: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    months: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    for entry in entries:
        month = month_of(entry.date)
        for bucket, key in (
            (schools, (entry.school_id, month, entry.category)),
            (teachers, (entry.school_id, month, entry.teacher_id, entry.category)),
            (months, (entry.school_id, month, entry.teacher_id)),
        ):
            bucket[key][0] += Decimal(entry.hours)
            bucket[key][1] += 1
    region_of = dict(School.objects.filter(pk__in={key[0] for key in schools}).values_list("pk", "region_id"))
    regions: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    for (school_id, month, category), (total, count) in schools.items():
        regions[region_of[school_id], month, category][0] += total
        regions[region_of[school_id], month, category][1] += count
    _upsert(RegionLedgerRollup, ["region_id", "month", "category"], regions)
    _upsert(LedgerRollup, ["school_id", "month", "category"], schools)
    _upsert(TeacherLedgerRollup, ["school_id", "month", "teacher_id", "category"], teachers)
    _upsert(TeacherMonthRollup, ["school_id", "month", "teacher_id"], months)
    _trainings_add(entries, region_of)
    _warnings_refresh({(school_id, month) for school_id, month, _ in months}, region_of)


def _trainings_add(entries, region_of: dict[int, int]) -> None:
    """Professional-development hours by the training Matter's tier (one query for the Matters' tiers)."""
    training = [e for e in entries if e.category == Category.PROFESSIONAL_DEVELOPMENT]
    if not training:
        return
    payloads = dict(
        Matter.objects.filter(pk__in={e.matter_id for e in training if e.matter_id}).values_list(
            "pk", "payload"
        )
    )
    regions: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    schools: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    teachers: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    for entry in training:
        tier = (payloads.get(entry.matter_id) or {}).get("tier")
        tier = tier if tier in TIERS else OTHER_TIER
        for bucket, key in (
            (regions, (region_of[entry.school_id], month_of(entry.date), tier)),
            (schools, (entry.school_id, month_of(entry.date), tier, region_of[entry.school_id])),
            (teachers, (entry.school_id, entry.date.year, entry.teacher_id, tier)),
        ):
            bucket[key][0] += Decimal(entry.hours)
            bucket[key][1] += 1
    _upsert(RegionTrainingRollup, ["region_id", "month", "tier"], regions)
    _upsert(TrainingRollup, ["school_id", "month", "tier", "region_id"], schools, conflict=3)
    _upsert(TeacherTrainingRollup, ["school_id", "year", "teacher_id", "tier"], teachers)


def _quote(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def thresholds_lock(*, year: int, exclusive: bool) -> None:
    """Hold the year's threshold lock until the transaction ends: shared for writers, exclusive for changes."""
    if connection.vendor == "postgresql":  # SQLite has one writer at a time anyway
        function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s)", [_THRESHOLD_LOCK + year])


def monthly_thresholds(*, year: int, region_ids) -> dict[int, Decimal]:
    """Each county's monthly threshold for the year: its own setting, else its city's, else the default."""
    parents = dict(Region.objects.filter(pk__in=set(region_ids)).values_list("pk", "parent_id"))
    own = dict(
        WorkloadSetting.objects.filter(
            year=year, region_id__in={*parents, *(p for p in parents.values() if p)}
        ).values_list("region_id", "monthly_nonteaching_hours")
    )
    return {pk: own.get(pk, own.get(parent, DEFAULT_MONTHLY_HOURS)) for pk, parent in parents.items()}


def _warnings_refresh(pairs: set[tuple[int, dt.date]], region_of: dict[int, int]) -> None:
    """Recount the teachers above their threshold for these (school, month) counters (see the module doc)."""
    if not pairs:
        return
    for year in sorted({month.year for _, month in pairs}):
        thresholds_lock(year=year, exclusive=False)
    table = _quote(SchoolMonthWarnings)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (school_id, region_id, month, teachers) VALUES (%s, %s, %s, 0) "  # noqa: S608
            "ON CONFLICT (school_id, month) DO NOTHING",
            [[school_id, region_of[school_id], month] for school_id, month in sorted(pairs)],
        )
    ids = []
    for school_id, month in sorted(pairs):  # lock in key order; one small query per counter touched
        ids.extend(
            SchoolMonthWarnings.objects.select_for_update()
            .filter(school_id=school_id, month=month)
            .values_list("pk", flat=True)
        )
    thresholds = {
        year: monthly_thresholds(year=year, region_ids=set(region_of.values()))
        for year in {month.year for _, month in pairs}
    }
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET region_id = %s, teachers = (SELECT COUNT(*) FROM {_quote(TeacherMonthRollup)} t "  # noqa: S608
            "WHERE t.school_id = %s AND t.month = %s AND t.hours > %s) WHERE school_id = %s AND month = %s",
            [[region_of[s], s, m, thresholds[m.year][region_of[s]], s, m] for s, m in sorted(pairs)],
        )


def warnings_recount(*, year: int | None = None, region_ids=None) -> int:
    """Recount every counter of the year (every year when None) for the schools of these counties (all when None),
    from the teacher-month rollups; call inside the transaction that changed the thresholds. Returns rows written."""
    years = (
        [year]
        if year is not None
        else sorted({d.year for d in TeacherMonthRollup.objects.dates("month", "year")})
    )
    counties = (
        set(region_ids) if region_ids is not None else set(School.objects.values_list("region_id", flat=True))
    )
    table, rollup, schools = _quote(SchoolMonthWarnings), _quote(TeacherMonthRollup), _quote(School)
    written = 0
    for each in years:
        thresholds_lock(year=each, exclusive=True)
        by_threshold: dict[Decimal, list[int]] = defaultdict(list)
        for region_id, threshold in monthly_thresholds(year=each, region_ids=counties).items():
            by_threshold[threshold].append(region_id)
        for threshold, regions in sorted(by_threshold.items()):
            marks = ", ".join(["%s"] * len(regions))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (school_id, region_id, month, teachers) "  # noqa: S608
                    f"SELECT t.school_id, s.region_id, t.month, SUM(CASE WHEN t.hours > %s THEN 1 ELSE 0 END) "
                    f"FROM {rollup} t JOIN {schools} s ON s.id = t.school_id "
                    f"WHERE s.region_id IN ({marks}) AND t.month BETWEEN %s AND %s "
                    "GROUP BY t.school_id, s.region_id, t.month "
                    "ON CONFLICT (school_id, month) DO UPDATE SET "
                    "region_id = excluded.region_id, teachers = excluded.teachers",
                    [threshold, *sorted(regions), dt.date(each, 1, 1), dt.date(each, 12, 1)],
                )
                written += max(cursor.rowcount, 0)
    return written


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"date_trunc('month', {column})::date"
    return f"date({column}, 'start of month')"


def rollups_rebuild() -> dict[str, int]:
    """Recompute every rollup row from the ledger in one transaction; returns the row count of each table."""
    ledger = connection.ops.quote_name(LedgerEntry._meta.db_table)
    month = _month_sql("date")
    plans = [
        (LedgerRollup, ["school_id", "category"]),
        (TeacherLedgerRollup, ["school_id", "teacher_id", "category"]),
        (TeacherMonthRollup, ["school_id", "teacher_id"]),
    ]
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rollups are derived data: readers see the old rows until this transaction commits.
            cursor.execute(f"LOCK TABLE {ledger} IN SHARE MODE")
            cursor.execute("SET LOCAL work_mem = '256MB'")  # one GROUP BY over the whole ledger, in memory
        for model, group in plans:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            names = ", ".join(group)
            cursor.execute(
                f"INSERT INTO {table} ({names}, month, hours, entries) "  # noqa: S608
                f"SELECT {names}, {month} AS m, SUM(hours), COUNT(*) FROM {ledger} GROUP BY {names}, m"
            )
            counts[model._meta.model_name] = model.objects.count()
        # The counties' rows from the schools' (small: schools x months x categories).
        region_table = connection.ops.quote_name(RegionLedgerRollup._meta.db_table)
        school_table = connection.ops.quote_name(School._meta.db_table)
        cursor.execute(f"DELETE FROM {region_table}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {region_table} (region_id, month, category, hours, entries) "  # noqa: S608
            f"SELECT s.region_id, r.month, r.category, SUM(r.hours), SUM(r.entries) "
            f"FROM {connection.ops.quote_name(LedgerRollup._meta.db_table)} r "
            f"JOIN {school_table} s ON s.id = r.school_id GROUP BY s.region_id, r.month, r.category"
        )
        counts["regionledgerrollup"] = RegionLedgerRollup.objects.count()
        cursor.execute(f"DELETE FROM {_quote(TrainingRollup)}")  # noqa: S608
        tier = (
            "m.payload ->> 'tier'"
            if connection.vendor == "postgresql"
            else "json_extract(m.payload, '$.tier')"
        )
        tiers = ", ".join(f"'{t}'" for t in TIERS)
        cursor.execute(
            f"INSERT INTO {_quote(TrainingRollup)} (school_id, region_id, month, tier, hours, entries) "  # noqa: S608
            f"SELECT l.school_id, s.region_id, {_month_sql('l.date')} AS mo, "
            f"CASE WHEN {tier} IN ({tiers}) THEN {tier} ELSE '{OTHER_TIER}' END AS t, SUM(l.hours), COUNT(*) "
            f"FROM {ledger} l JOIN {_quote(School)} s ON s.id = l.school_id "
            f"LEFT JOIN {_quote(Matter)} m ON m.id = l.matter_id "
            "WHERE l.category = %s GROUP BY l.school_id, s.region_id, mo, t",
            [Category.PROFESSIONAL_DEVELOPMENT.value],
        )
        counts["trainingrollup"] = TrainingRollup.objects.count()
        cursor.execute(f"DELETE FROM {_quote(RegionTrainingRollup)}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {_quote(RegionTrainingRollup)} (region_id, month, tier, hours, entries) "  # noqa: S608
            f"SELECT region_id, month, tier, SUM(hours), SUM(entries) FROM {_quote(TrainingRollup)} "
            "GROUP BY region_id, month, tier"
        )
        counts["regiontrainingrollup"] = RegionTrainingRollup.objects.count()
        cursor.execute(f"DELETE FROM {_quote(TeacherTrainingRollup)}")  # noqa: S608
        year = (
            "CAST(EXTRACT(YEAR FROM l.date) AS integer)"
            if connection.vendor == "postgresql"
            else "CAST(strftime('%%Y', l.date) AS integer)"
        )
        cursor.execute(
            f"INSERT INTO {_quote(TeacherTrainingRollup)} (school_id, teacher_id, year, tier, hours, entries) "  # noqa: S608
            f"SELECT l.school_id, l.teacher_id, {year} AS y, "
            f"CASE WHEN {tier} IN ({tiers}) THEN {tier} ELSE '{OTHER_TIER}' END AS t, SUM(l.hours), COUNT(*) "
            f"FROM {ledger} l LEFT JOIN {_quote(Matter)} m ON m.id = l.matter_id "
            "WHERE l.category = %s GROUP BY l.school_id, l.teacher_id, y, t",
            [Category.PROFESSIONAL_DEVELOPMENT.value],
        )
        counts["teachertrainingrollup"] = TeacherTrainingRollup.objects.count()
        cursor.execute(f"DELETE FROM {_quote(SchoolMonthWarnings)}")  # noqa: S608
        warnings_recount()
        counts["schoolmonthwarnings"] = SchoolMonthWarnings.objects.count()
    return counts
