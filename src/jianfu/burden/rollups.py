"""Keeping the monthly ledger rollups (models/rollups.py) equal to a GROUP BY over the ledger.

`rollups_add(entries)` is called by the ledger services inside the transaction that writes the entries: one
UPSERT per rollup table (`INSERT ... ON CONFLICT ... DO UPDATE SET hours = hours + excluded.hours`, PostgreSQL and
SQLite >= 3.24 alike), keys sorted so concurrent writers lock rows in the same order. `rollups_rebuild()` empties
the three tables and recomputes them from the ledger in one transaction (backfills, bulk loads, repairs).
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
    TeacherLedgerRollup,
    TeacherMonthRollup,
)
from jianfu.registry.models import School


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _upsert(model, key: list[str], rows: dict[tuple, list]) -> None:
    """Add (hours, entries) to each keyed row, inserting the rows that do not exist yet."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*key, "hours", "entries"]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    conflict = ", ".join(connection.ops.quote_name(c) for c in key)
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
    return counts
