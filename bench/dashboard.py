"""Benchmark: the supervision dashboard at 1,000,000 and 10,000,000 ledger entries (target <= 50 ms, and flat).

Run: .venv/bin/python bench/dashboard.py [--entries 1000000,10000000] [--runs 50] [--seed 2020] [--fresh]
     [--registry city|province] [--matters N]
On PostgreSQL only: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/jianfu_bench) names a base database
that is created if missing, migrated, and given the demo registry (`jianfu demo-data --scale city`: 400 schools,
25,000 teachers, 300,000 students; with --registry province the base is `<name>_province` and holds 4,000
schools, 250,000 teachers and 3,000,000 students) and --matters synthetic Matters (bench/matters_data.py).
Each size gets its own database cloned from the base (`<base>_1m`, `<base>_10m`),
into which the ledger rows are loaded with COPY (deterministic per seed: active teachers, weighted TALIS
categories, 0.5-3 h, dates over 2024-2025), then `jianfu rollups-rebuild` runs. Everything is cached: a database
whose ledger already holds the rows is reused as it is; --fresh drops the databases and builds them again.

Measured: what the dashboard page reads (burden.dashboard's hours and warnings, and the proctoring, secondment
and training panels of burden.panels; user loaded as a request would) for the city (counties), one county (its
schools) and one school (its teachers), December 2025, p50/p95 over --runs runs in steady state: the sizes take
turns of --runs / 5 runs (so that the machine's drift weighs on each alike), each after a warm-up (10 runs on the
first turn, 3 on the later ones), with the process's objects frozen out of the garbage collector's reach as in
the gunicorn workers; the ratio of the largest size to the smallest shows the flatness.

COPY skips the ledger's foreign-key triggers (session_replication_role = replica; the ids come from the database
itself), as a bulk load by an administrator would. The load is the slow part (about a minute per million rows on
two cores); a cached run takes seconds.
"""

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jianfu_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianfu.config.settings")

import django  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

django.setup()

import matters_data  # noqa: E402 (bench/matters_data.py, beside this file)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from jianfu.accounts.models import User  # noqa: E402
from jianfu.accounts.session_user import session_user_fetch  # noqa: E402
from jianfu.burden import dashboard, panels  # noqa: E402
from jianfu.burden.models import Category, LedgerEntry, LedgerRollup  # noqa: E402
from jianfu.registry.models import School, Teacher  # noqa: E402

TARGET_MS = 50.0
ROUNDS = 5  # turns the sizes take (runs / ROUNDS timed runs per turn)
CHUNK = 100_000
MONTH = dt.date(2025, 12, 1)
FIRST_DAY, DAYS = dt.date(2024, 1, 1), 731
USERS = [("city", "city-edu"), ("county", "county-edu-150222"), ("school", "school-demo")]
# Weighted TALIS categories (administration, meetings and data requests dominate, proctoring is seasonal).
WEIGHTS = {
    Category.ADMINISTRATIVE: 5, Category.MEETINGS: 4, Category.PROFESSIONAL_DEVELOPMENT: 2,
    Category.PROCTORING: 1, Category.INSPECTIONS: 2, Category.CAMPUS_ACTIVITIES: 2,
    Category.DATA_REQUESTS: 4, Category.OTHER: 1,
}  # fmt: skip
HOURS = ["0.50", "1.00", "1.00", "1.50", "2.00", "3.00"]


def _admin_conninfo() -> dict:
    settings = connection.settings_dict
    info = {"dbname": "postgres", "user": settings["USER"] or "postgres", "host": settings["HOST"] or None}
    if settings["PORT"]:
        info["port"] = settings["PORT"]
    if settings["PASSWORD"]:
        info["password"] = settings["PASSWORD"]
    return info


def _use_database(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name


def _exists(admin, name: str) -> bool:
    return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def ensure_base(admin, base: str, *, fresh: bool, registry: str = "city", matters: int = 0) -> None:
    """The base database: migrated, with the demo registry of `registry` scale, `matters` Matters, no ledger."""
    if fresh and _exists(admin, base):
        admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(base)))
    if not _exists(admin, base):
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(base)))
        print(f"created database {base}")
    _use_database(base)
    call_command("migrate", verbosity=0)
    if not School.objects.exists():
        started = time.monotonic()
        print(f"loading the {registry}-scale demo registry (once) ...", flush=True)
        call_command("demo-data", scale=registry, no_ledger=True, verbosity=0)  # the ledger is loaded below
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # planner statistics for the registry, as autovacuum would
        print(f"  done in {time.monotonic() - started:.0f} s")
    if matters:
        matters_data.load_matters(target=matters)
    connection.close()


def ensure_size_database(admin, base: str, name: str, *, fresh: bool) -> None:
    if fresh and _exists(admin, name):
        admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
    if not _exists(admin, name):
        connection.close()
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(base))
        )
        print(f"created database {name} from {base}")
    _use_database(name)
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics for what a migration just filled (a new rollup table)


def _chunk_rows(rng: random.Random, size: int, teachers, recorder: int):
    """The chunk's COPY text in pieces of 10,000 rows, so the server ingests while the next piece is made."""
    categories = [c.value for c, w in WEIGHTS.items() for _ in range(w)]
    days = [(FIRST_DAY + dt.timedelta(days=d)).isoformat() for d in range(DAYS)]
    pick = rng.random
    n_t, n_c, n_d, n_h = len(teachers), len(categories), len(days), len(HOURS)
    tail = f"\tentry\t\t{recorder}\t2026-01-01 00:00:00+08\n"
    for start in range(0, size, 10_000):
        lines = []
        for _ in range(min(10_000, size - start)):
            teacher, school = teachers[int(pick() * n_t)]
            lines.append(
                f"{teacher}\t{school}\t{categories[int(pick() * n_c)]}\t{HOURS[int(pick() * n_h)]}\t"
                f"{days[int(pick() * n_d)]}{tail}"
            )
        yield "".join(lines)


def load_ledger(target: int, *, seed: int) -> None:
    """COPY rows into the ledger until it holds `target`, in deterministic chunks (one transaction each)."""
    have = LedgerEntry.objects.count()
    if have >= target:
        print(f"  ledger already holds {have:,} rows (cached)")
        return
    teachers = list(
        Teacher.objects.filter(status=Teacher.Status.ACTIVE).order_by("pk").values_list("pk", "school_id")
    )
    recorder = User.objects.get(username="school-demo").pk
    settings = connection.settings_dict
    table = LedgerEntry._meta.db_table
    columns = "teacher_id, school_id, category, hours, date, kind, note, recorded_by_id, recorded_at"
    started = time.monotonic()
    with psycopg.connect(**{**_admin_conninfo(), "dbname": settings["NAME"]}, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        # The secondary indexes are dropped for the load and built again after it (the usual bulk-load order);
        # their definitions are read from the catalog, so they come back exactly as the migrations made them.
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        ).fetchall()
        for name, _definition in indexes:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        try:
            for chunk in range(have // CHUNK, (target + CHUNK - 1) // CHUNK):
                size = min(CHUNK, target - chunk * CHUNK)
                rng = random.Random(seed * 1_000_003 + chunk)  # noqa: S311 (deterministic synthetic data)
                with (
                    conn.transaction(),
                    conn.cursor() as cursor,
                    cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    for piece in _chunk_rows(rng, size, teachers, recorder):
                        copy.write(piece)
                done = chunk * CHUNK + size
                if done % 1_000_000 == 0 or done == target:
                    print(f"  {done:,} rows ({time.monotonic() - started:.0f} s)", flush=True)
        finally:
            conn.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                conn.execute(definition)
            conn.execute(f"ANALYZE {table}")
    print(f"  loaded and indexed in {time.monotonic() - started:.0f} s")


def refresh_rollups() -> None:
    """`jianfu rollups-rebuild` unless the rollups already count every ledger row."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(entries), 0) FROM {LedgerRollup._meta.db_table}")  # noqa: S608
        counted = cursor.fetchone()[0]
    if counted == LedgerEntry.objects.count():
        print(f"  rollups up to date ({counted:,} rows counted)")
        return
    started = time.monotonic()
    call_command("rollups-rebuild")
    print(f"  rollups rebuilt in {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        for model in (
            "regionledgerrollup",
            "ledgerrollup",
            "teacherledgerrollup",
            "teachermonthrollup",
            "schoolmonthwarnings",
            "trainingrollup",
            "teachertrainingrollup",
        ):
            cursor.execute(f"VACUUM ANALYZE burden_{model}")


def measure(username: str, runs: int, *, warmup: int = 5) -> tuple[list[float], int]:
    """`runs` timings (ms) of one user's dashboard after `warmup` untimed ones, and the number of groups.

    Before timing, what the process holds is frozen out of the garbage collector's reach, as the gunicorn
    master does for its workers (jianfu.config.gunicorn): otherwise a full collection walks whatever the earlier
    workloads of `make bench` left (the screening index of 100,000 Matters) in the middle of a dashboard."""
    pk = User.objects.get(username=username).pk

    def once():
        user = session_user_fetch(user_id=pk)  # as a request loads it (accounts/backends.py)
        level = dashboard.level_for(user=user)
        groups = dashboard.groups_of(
            user=user, level=level
        )  # read once for the hours and every panel, as the page
        board = dashboard.dashboard(user=user, level=level, month=MONTH, groups=groups)
        panels.proctoring(user=user, level=level, year=MONTH.year, groups=groups)
        panels.secondments(user=user, level=level, today=MONTH, groups=groups)
        panels.trainings(user=user, level=level, year=MONTH.year, groups=groups)
        return board

    for _ in range(warmup):
        board = once()
    gc.collect()
    gc.freeze()
    times = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            once()
            times.append((time.perf_counter() - started) * 1000)
    finally:
        gc.unfreeze()
    return times, len(board.groups)


def _summary(times: list[float]) -> tuple[float, float]:
    """p50 and p95 (nearest rank) of timings."""
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def base_database(name: str, registry: str) -> str:
    """The base database of a registry scale: jianfu_bench (city) or jianfu_bench_province."""
    return name if registry == "city" else f"{name}_{registry}"


def run(
    *,
    sizes: list[int],
    runs: int = 50,
    seed: int = 2020,
    fresh: bool = False,
    registry: str = "city",
    matters: int = 0,
) -> dict:
    """Build (or reuse) a database per ledger size and measure each level: {(level, size): (p50, p95, rows)}."""
    if connection.vendor != "postgresql":
        sys.exit("bench/dashboard.py needs PostgreSQL: set DATABASE_URL")
    named = connection.settings_dict["NAME"]
    base = base_database(named, registry)
    with psycopg.connect(**_admin_conninfo(), autocommit=True) as admin:
        ensure_base(admin, base, fresh=fresh, registry=registry, matters=matters)
        for size in sizes:
            print(f"{size:,} ledger entries:", flush=True)
            ensure_size_database(admin, base, size_database(base, size), fresh=fresh)
            if matters:
                matters_data.load_matters(target=matters)  # a copy made before the Matters were asked for
            load_ledger(size, seed=seed)
            refresh_rollups()
        connection.close()
    # The sizes take turns, a few runs each, so that whatever else the machine does (its speed drifts by tens of
    # percent over minutes here) weighs on every size alike and the ratio between sizes stays meaningful.
    timings: dict[tuple[str, int], list[float]] = {}
    groups: dict[tuple[str, int], int] = {}
    per_turn = max(1, runs // ROUNDS)
    for turn in range(ROUNDS):
        for size in sizes:
            _use_database(size_database(base, size))
            for level, username in USERS:
                times, groups[level, size] = measure(username, per_turn, warmup=10 if turn == 0 else 3)
                timings.setdefault((level, size), []).extend(times)
    connection.close()
    _use_database(named)
    return {key: (*_summary(times), groups[key]) for key, times in timings.items()}


def size_database(base: str, size: int) -> str:
    """The database of one ledger size: jianfu_bench_1m, jianfu_bench_10m, ..."""
    label = f"{size // 1_000_000}m" if size % 1_000_000 == 0 else str(size)
    return f"{base}_{label}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", default="1000000,10000000", help="ledger sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--fresh", action="store_true", help="drop the bench databases and build them again")
    parser.add_argument(
        "--registry", choices=["city", "province"], default="city", help="demo registry scale"
    )
    parser.add_argument("--matters", type=int, default=0, help="synthetic Matters in the base database")
    args = parser.parse_args()
    sizes = [int(s) for s in args.entries.split(",") if s.strip()]
    results = run(
        sizes=sizes,
        runs=args.runs,
        seed=args.seed,
        fresh=args.fresh,
        registry=args.registry,
        matters=args.matters,
    )
    print()
    print(f"dashboard ({MONTH:%Y-%m}, {args.runs} runs; PostgreSQL; {os.cpu_count()} cores)")
    header = f"{'workload':<34} {'entries':>12} {'p50 ms':>8} {'p95 ms':>8} {'target':>9}  result"
    print(header)
    print("-" * len(header))
    for level, _username in USERS:
        for size in sizes:
            p50, p95, groups = results[level, size]
            name = f"dashboard {level} ({groups} rows)"
            verdict = "PASS" if p95 <= TARGET_MS else "FAIL"
            print(f"{name:<34} {size:>12,} {p50:>8.1f} {p95:>8.1f} {'<= 50 ms':>9}  {verdict}")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print()
        for level, _ in USERS:
            ratio = results[level, large][1] / results[level, small][1]
            flat = "flat" if ratio <= 1.5 else "NOT flat"
            print(f"p95 ratio {large // 1_000_000 or large}M / {small // 1_000_000 or small}M, {level}: "
                  f"{ratio:.2f} ({flat}, target <= 1.5)")  # fmt: skip


if __name__ == "__main__":
    main()
