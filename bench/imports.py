"""Benchmark: the teacher import at 1,000,000 rows with full validation, against the database's own bulk load of
the same rows (target: at least half its speed), on PostgreSQL and on SQLite.

Run: .venv/bin/python bench/imports.py [--rows 1000000] [--databases postgresql,sqlite] [--seed 2020] [--fresh]
PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/jianfu_bench_import), created if missing and
migrated. SQLite: var/bench/imports.sqlite3 (WAL, as the app runs it). Both get 400 schools; each run starts from
an empty teacher table.

The file: a national teacher export as CSV (UTF-8), deterministic per seed and cached under var/bench/: the columns
of the 基本信息 table with the usual mess (full-width digits in some ID numbers, spaces in two-character names,
dates as 2019-09-01 / 2019.09 / 2019年9月 / 201909, gender as 男/女 or 1/2, 学校标识码 per row).

Measured, in one process per database:
- import: `teachers_import` (what `jianfu import-teachers` runs) from the file on disk to the committed rows: read,
  every check (ID check character, dates, codes, schools, duplicates), AES-GCM and keyed hash of each ID number,
  the upsert and the audit row, in one transaction. Peak RSS of the process after it is printed (bounded memory).
- re-import of the same file (every row unchanged, nothing written), for information.
- bulk load: the very rows the import stored, read back beforehand (not timed), loaded by the database's own bulk
  path into a scratch table of the same definition (columns, indexes, unique constraint, foreign key to the
  schools, and the teacher table's own triggers: the schools' headcounts, ADR 0008, are kept by the bulk load
  too): COPY FROM STDIN on PostgreSQL, executemany of one prepared INSERT in one transaction on SQLite.
The ratio is import rows/s over bulk-load rows/s; PASS at 0.5 or more.

Seen on 2 cores shared with other work (a run differs from the next by up to 0.1): 100,000 rows, PostgreSQL 0.64 to
0.67 (1.9 to 2.3 s against 1.2 to 1.5 s), SQLite 0.55 to 0.58; 1,000,000 rows, PostgreSQL 0.62 to 0.87 (24 to 36 s
against 21 to 22 s), SQLite 0.73 to 0.77, peak RSS about 230 MB. About 4 minutes for both databases at 1,000,000
rows (the CSV, 167 MiB, is made once).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jianfu_bench_import"
TARGET = 0.5
SCHOOLS = 400
HEADERS = (
    "学校标识码", "姓名", "性别", "教职工号", "身份证件类型", "身份证件号", "出生日期", "民族", "政治面貌", "参加工作年月",
    "进本校年月", "最高学历", "现任岗位类别", "现任专业技术职务", "是否县级以上骨干教师", "人员状态", "任教学科",
)  # fmt: skip


def school_codes() -> list[str]:
    return [f"2115{number:06d}" for number in range(1, SCHOOLS + 1)]


# --- the file ----------------------------------------------------------------------------------------------------


def generate_csv(path: Path, rows: int, seed: int) -> None:
    """The national export of `rows` teachers, written once per (rows, seed) and reused."""
    import datetime as dt
    import random

    from jianfu.registry.demo.sampling import IdNumberAllocator

    rng = random.Random(seed)  # noqa: S311 (deterministic synthetic data)
    ids = IdNumberAllocator(seed)
    codes = school_codes()
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文辉海燕鹏飞宇浩晨琳雪梅"
    ethnicities = ["汉族"] * 18 + ["蒙古族", "回族", "满族", "02", "01"]
    parties = ["中共党员", "群众", "群众", "共青团员", "13", "01", "民盟盟员"]
    degrees = ["本科", "本科", "大学本科", "专科", "硕士研究生", "21", "大专"]
    posts = ["专业技术岗位"] * 8 + ["管理岗位", "工勤技能岗位"]
    titles = ["一级教师", "二级教师", "高级教师", "中学一级教师", "小学高级教师", "未定职级", "正高级教师"]
    statuses = ["在岗"] * 20 + ["借调", "病休", "退休"]
    subjects = ["语文", "数学", "英语", "物理", "化学", "体育", "音乐", "美术", "道德与法治"]
    fullwidth = str.maketrans("0123456789", "０１２３４５６７８９")
    first_day = dt.date(1962, 1, 1).toordinal()
    days = dt.date(1999, 12, 31).toordinal() - first_day

    def month(year: int, value: int) -> str:
        style = rng.randrange(4)
        if style == 0:
            return f"{year}-{value:02d}"
        if style == 1:
            return f"{year}.{value:02d}"
        if style == 2:
            return f"{year}年{value}月"
        return f"{year}{value:02d}"

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(HEADERS) + "\n")
        lines = []
        for number in range(rows):
            birth = dt.date.fromordinal(first_day + rng.randrange(days))
            male = rng.random() < 0.35
            id_number = ids.allocate(birth, "1" if male else "2")
            if rng.random() < 0.05:
                id_number = id_number.translate(fullwidth)
            name = (
                rng.choice(surnames) + rng.choice(given) + (rng.choice(given) if rng.random() < 0.7 else "")
            )
            if len(name) == 2 and rng.random() < 0.5:
                name = name[0] + "  " + name[1]  # aligned two-character names
            gender = ("男" if male else "女") if rng.random() < 0.8 else ("1" if male else "2")
            started = birth.year + 22 + rng.randrange(4)
            joined = min(started + 1 + rng.randrange(10), 2025)
            birth_text = (
                birth.isoformat() if rng.random() < 0.7 else f"{birth.year}年{birth.month}月{birth.day}日"
            )
            lines.append(
                f"{codes[number % SCHOOLS]},{name},{gender},{number:07d},居民身份证,{id_number},{birth_text},"
                f"{rng.choice(ethnicities)},{rng.choice(parties)},{month(started, rng.randint(7, 9))},"
                f"{month(joined, rng.randint(1, 12))},{rng.choice(degrees)},{rng.choice(posts)},"
                f"{rng.choice(titles)},{'是' if rng.random() < 0.1 else '否'},{rng.choice(statuses)},"
                f"{rng.choice(subjects)}\n"
            )
            if len(lines) == 10_000:
                handle.write("".join(lines))
                lines = []
        handle.write("".join(lines))
    partial.rename(path)


# --- one database (a child process, configured before Django starts) ----------------------------------------------


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _prepare_postgresql(fresh: bool) -> None:
    import psycopg
    from django.db import connection
    from psycopg import sql

    settings = connection.settings_dict
    info = {"dbname": "postgres", "user": settings["USER"] or "postgres", "host": settings["HOST"] or None}
    if settings["PORT"]:
        info["port"] = settings["PORT"]
    if settings["PASSWORD"]:
        info["password"] = settings["PASSWORD"]
    with psycopg.connect(**info, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone()
        if exists and fresh:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(settings["NAME"])))
            exists = None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))


def _schools_ensure() -> None:
    from jianfu.registry.models import Region, School
    from jianfu.registry.services import regions_ensure_baotou

    regions_ensure_baotou()
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("code"))
    have = set(School.objects.values_list("code", flat=True))
    School.objects.bulk_create(
        [
            School(
                code=code,
                name=f"基准测试第{n}学校",
                stage=School.Stage.PRIMARY,
                region=counties[n % len(counties)],
            )
            for n, code in enumerate(school_codes(), start=1)
            if code not in have
        ]
    )


def _empty_teachers() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_scratch")
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE registry_teacher RESTART IDENTITY CASCADE")
            cursor.execute("VACUUM ANALYZE registry_teacher")
        else:
            cursor.execute("DELETE FROM registry_teacher")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")


def _columns() -> list[str]:
    from jianfu.registry.models import Teacher

    return [f.column for f in Teacher._meta.concrete_fields if not f.primary_key]


def _bulk_load_postgresql() -> float:
    """COPY of the stored rows (read back first, untimed) into a scratch table defined like registry_teacher."""
    import io

    from django.db import connection, transaction

    columns = ", ".join(_columns())
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_scratch (LIKE registry_teacher INCLUDING ALL)")
        cursor.execute(
            "ALTER TABLE bench_scratch ADD FOREIGN KEY (school_id) REFERENCES registry_school (id) "
            "DEFERRABLE INITIALLY DEFERRED"
        )
        # LIKE copies no trigger: the teacher table's own ones (not those of its constraints) are made again.
        cursor.execute(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE tgrelid = 'registry_teacher'::regclass AND NOT tgisinternal"
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(re.sub(r" ON (public\.)?registry_teacher ", " ON bench_scratch ", definition))
        data = io.BytesIO()
        with cursor.copy(f"COPY registry_teacher ({columns}) TO STDOUT") as copy:
            for block in copy:
                data.write(block)
    payload = data.getbuffer()
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy(f"COPY bench_scratch ({columns}) FROM STDIN") as copy,
    ):
        for offset in range(0, len(payload), 1 << 20):
            copy.write(payload[offset : offset + (1 << 20)])
    return time.perf_counter() - started


def _bulk_load_sqlite() -> float:
    """executemany of the stored rows (read back first, untimed) into a scratch table defined like
    registry_teacher (its CREATE TABLE, CREATE INDEX and CREATE TRIGGER statements, renamed)."""
    from django.db import connection, transaction

    columns = _columns()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'registry_teacher' AND sql IS NOT NULL "
            "ORDER BY type = 'trigger'"
        )
        for (statement,) in cursor.fetchall():
            statement = re.sub(r'INDEX "([^"]+)"', r'INDEX "bench_\1"', statement)
            statement = re.sub(r"TRIGGER (\w+)", r"TRIGGER bench_\1", statement)
            statement = re.sub(r"\bON registry_teacher\b", "ON bench_scratch", statement)
            cursor.execute(statement.replace('"registry_teacher"', '"bench_scratch"'))
        cursor.execute(f"SELECT {', '.join(columns)} FROM registry_teacher")  # noqa: S608 (model columns)
        rows = cursor.fetchall()
    insert = f"INSERT INTO bench_scratch ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert, rows)
    return time.perf_counter() - started


def child(database: str, csv_path: Path, rows: int, fresh: bool) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jianfu.imports.services import teachers_import

    if database == "postgresql":
        _prepare_postgresql(fresh)
    call_command("migrate", verbosity=0)
    _schools_ensure()
    _empty_teachers()
    connection.close()

    started = time.perf_counter()
    outcome = teachers_import(actor=None, path=csv_path)
    imported = time.perf_counter() - started
    peak = _peak_rss_mb()
    if outcome.status != "done" or outcome.created != rows:
        shown = "; ".join(f"row {e.row} {e.column}: {e.reason}" for e in outcome.errors[:5])
        raise SystemExit(f"import failed: {outcome.status} {outcome.message} {shown}")

    started = time.perf_counter()
    again = teachers_import(actor=None, path=csv_path)
    reimported = time.perf_counter() - started
    if again.unchanged != rows:
        raise SystemExit(f"re-import changed something: {again.counts()}")

    bulk = _bulk_load_postgresql() if database == "postgresql" else _bulk_load_sqlite()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_scratch")
    return {"database": database, "rows": rows, "import_s": imported, "reimport_s": reimported,
            "bulk_s": bulk, "peak_rss_mb": peak, "cores": os.cpu_count()}  # fmt: skip


# --- the table ---------------------------------------------------------------------------------------------------


def run(
    *,
    rows: int = 1_000_000,
    databases: list[str],
    seed: int = 2020,
    fresh: bool = False,
    url: str | None = None,
) -> list[dict]:
    """The cached CSV (made once), then one child process per database; their measurements, one dict each.
    `url` pins the PostgreSQL database (a caller whose DATABASE_URL names another database must pass it)."""
    csv_path = BENCH_DIR / f"teachers-{rows}-{seed}.csv"
    if not csv_path.exists():
        print(f"generating {rows:,} rows into {csv_path} (once) ...", flush=True)
        started = time.monotonic()
        generate_csv(csv_path, rows, seed)
        print(f"  done in {time.monotonic() - started:.0f} s ({csv_path.stat().st_size / 2**20:.0f} MiB)")
    results = []
    for database in [name.strip() for name in databases if name.strip()]:
        print(f"{database}: importing {rows:,} rows ...", flush=True)
        command = [
            sys.executable,
            __file__,
            "--child",
            database,
            "--csv",
            str(csv_path),
            "--rows",
            str(rows),
        ]
        if fresh:
            command.append("--fresh")
        env = {**os.environ, "DATABASE_URL": url} if url else None
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)  # noqa: S603 (this very script)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"bench/imports.py: the {database} run failed")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))

    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--fresh", action="store_true", help="drop the PostgreSQL bench database first")
    parser.add_argument("--child", choices=["postgresql", "sqlite"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianfu.config.settings")
        if args.child == "postgresql":
            os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
        else:
            os.environ.pop("DATABASE_URL", None)
            os.environ["JIANFU_SQLITE_PATH"] = str(BENCH_DIR / "imports.sqlite3")
        result = child(args.child, Path(args.csv), args.rows, args.fresh)
        print(json.dumps(result))
        return

    results = run(rows=args.rows, databases=args.databases.split(","), seed=args.seed, fresh=args.fresh)
    print()
    print(f"teacher import, {args.rows:,} rows of CSV with full validation ({os.cpu_count()} cores)")
    header = (
        f"{'database':<11} {'import s':>9} {'rows/s':>9} {'bulk load s':>12} {'rows/s':>9} {'ratio':>6} "
        f"{'re-import s':>12} {'peak RSS':>9}  result"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        ours = result["rows"] / result["import_s"]
        bulk = result["rows"] / result["bulk_s"]
        ratio = ours / bulk
        verdict = "PASS" if ratio >= TARGET else "FAIL"
        print(
            f"{result['database']:<11} {result['import_s']:>9.1f} {ours:>9,.0f} {result['bulk_s']:>12.1f} "
            f"{bulk:>9,.0f} {ratio:>6.3f} {result['reimport_s']:>12.1f} {result['peak_rss_mb']:>6.0f} MB  {verdict}"
        )
    print(f"target: import rows/s >= {TARGET} x the database's own bulk load of the same rows")


if __name__ == "__main__":
    main()
