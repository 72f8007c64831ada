"""Benchmark: 200 concurrent users for 60 s of a realistic mix (issue 9), locust against gunicorn.

Run: .venv/bin/python bench/load.py [--users 200] [--duration 60] [--database URL]
The served database is a fresh copy of a bench base database (`<name>_load`, from CREATE DATABASE ... TEMPLATE,
migrated, dropped afterwards), because the load submits and approves Matters. Into it goes one login the demo data
lacks: a county department (固阳县公安局) whose Matters the county bureau approves. gunicorn (two sync workers)
serves it with the Redis cache, as bench/http_load.py does; locust runs bench/load_mix.py as its own process
(it monkeypatches with gevent, so it is never imported here) and writes CSV, read back here: requests, failures
and p50/p99 per request name and overall. A page that redirects (to the login, to a forced password change) counts
as a failed request. Afterwards the Matters the load wrote are counted by state (a request in flight when locust
stops may add one beyond locust's count).
"""

import argparse
import concurrent.futures
import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import http_load
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jianfu_bench"
SUBMITTER = "bench-dept-150222"
COUNTY = "150222"
TITLE_PREFIX = "校园消防设施专项排查工作安排"
TARGET_P99_MS = 1000.0
ACCOUNTS = {
    "teacher": "teacher-demo",
    "city": "city-edu",
    "county": f"county-edu-{COUNTY}",
    "submitter": SUBMITTER,
    "approver": f"county-edu-{COUNTY}",
}
# Run in the copy through `jianfu shell`: the department login (same demo password hash as the county bureau's),
# then what the visitors need, printed as JSON.
PREPARE = f"""
import json
from jianfu.accounts.models import Role, User
from jianfu.matters.models import Matter, State
from jianfu.registry.models import Department, School
bureau = User.objects.get(username="county-edu-{COUNTY}")
User.objects.update_or_create(username="{SUBMITTER}", defaults=dict(
    role=Role.DEPARTMENT, region=bureau.region, department=Department.objects.get(name="固阳县公安局"),
    password=bureau.password, is_active=True, display_name="固阳县公安局联络员"))
codes = list(Matter.objects.filter(state=State.APPROVED).exclude(verification_code="")
             .order_by("pk").values_list("verification_code", flat=True)[:500])
schools = list(School.objects.filter(region=bureau.region).order_by("code").values_list("code", flat=True))
print(json.dumps({{"codes": codes, "schools": schools}}))
"""


def _conninfo(url: str, dbname: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path=f"/{dbname}"))


def _jianfu(url: str, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT / "src")}
    env.pop("JIANFU_ENV", None)
    done = subprocess.run(  # noqa: S603 (this venv's jianfu)
        [str(Path(sys.executable).parent / "jianfu"), *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"jianfu {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(database_url: str) -> tuple[str, dict]:
    """A fresh `<base>_load` copy of the base database, migrated, with the submitter; its URL and the config."""
    base = urllib.parse.urlsplit(database_url).path.lstrip("/")
    copy = f"{base}_load"
    with psycopg.connect(_conninfo(database_url, "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(copy)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(copy), sql.Identifier(base))
        )
    url = urllib.parse.urlunsplit(urllib.parse.urlsplit(database_url)._replace(path=f"/{copy}"))
    _jianfu(url, "migrate", "--noinput", "-v", "0")
    data = json.loads(_jianfu(url, "shell", stdin=PREPARE).strip().splitlines()[-1])
    if not data["codes"] or not data["schools"]:
        raise SystemExit(
            f"{base} has no approved Matter or no school in {COUNTY}: build it with bench/run.py first"
        )
    config = {
        **data,
        "accounts": ACCOUNTS,
        "password": http_load.DEMO_PASSWORD,
        # Far enough ahead for every timing rule of a task (announced in advance, outside exam weeks).
        "starts_on": (dt.date.today() + dt.timedelta(days=45)).isoformat(),
    }
    return url, config


def warm_up(base: str, config: dict, *, workers: int) -> None:
    """Build each worker's screening index before the clock starts, as a server that has run for a while has it:
    the first screening in a process reads every submitted Matter (seconds at city scale). Concurrent requests,
    two per worker, so that each sync worker takes at least one."""
    cookie = http_load.login_cookie(base, SUBMITTER, config["password"])
    token = dict(part.split("=", 1) for part in cookie.split("; "))["csrftoken"]
    body = json.dumps({
        "kind": "task", "title": f"{TITLE_PREFIX}（预热）", "description": "预热筛查索引。",
        "schools": config["schools"][:1], "starts_on": config["starts_on"], "ends_on": config["starts_on"],
        "targets": {"teachers": True, "students": False, "parents": False},
    }).encode()  # fmt: skip
    headers = {"Cookie": cookie, "X-CSRFToken": token, "Content-Type": "application/json"}

    def preview(_: int) -> int:
        request = urllib.request.Request(f"{base}/matters/screen-preview", data=body, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 (local server)
            return response.status

    with concurrent.futures.ThreadPoolExecutor(max_workers=2 * workers) as pool:
        statuses = list(pool.map(preview, range(2 * workers)))
    if statuses != [200] * (2 * workers):
        raise SystemExit(f"warm-up screening answered {statuses}")


def workers_cpu_seconds(master: int) -> float:
    """User and system CPU time of the gunicorn master's workers so far: with the request count, the app's cost
    per request, which other work on the machine does not inflate the way it does latency."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / ticks


def drop(database_url: str) -> None:
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(_conninfo(database_url, "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def read_stats(path: Path) -> dict[str, dict]:
    """Locust's <prefix>_stats.csv: per request name (and `Aggregated`) the counts, p50, p99 (ms) and req/s."""
    stats = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Request Count"] == "0":
                continue
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p99_ms": float(row["99%"]),
                "rps": float(row["Requests/s"]),
            }
    return stats


def matters_written(database_url: str) -> dict[str, int]:
    """The load's Matters in the served database, by state."""
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(_conninfo(database_url, name)) as conn:
        rows = conn.execute(
            "SELECT state, count(*) FROM matters_matter WHERE title LIKE %s GROUP BY state",
            [f"{TITLE_PREFIX}%"],
        ).fetchall()
    return dict(rows)


def run(
    *,
    users: int = 200,
    duration: int = 60,
    spawn_rate: int = 50,
    workers: int = 2,
    database_url: str = DEFAULT_URL,
) -> dict:
    """Prepare the copy, serve it, run locust for `duration` seconds; its figures, and what the database holds."""
    served_url, config = prepare(database_url)
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    config_path = out / "load-config.json"
    config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    port = http_load._free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": served_url,
        "DJANGO_SETTINGS_MODULE": "jianfu.config.settings",
        "JIANFU_BENCH_BARE_VIEW": "1",  # the readiness probe of http_load
        "JIANFU_CACHE_URL": os.environ.get("JIANFU_CACHE_URL", "redis://127.0.0.1:6379/2"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("JIANFU_ENV", None)
    command = [sys.executable, "-m", "gunicorn", "jianfu.config.wsgi", "--workers", str(workers)]
    command += ["-c", "python:jianfu.config.gunicorn"]  # production's: the index built before the fork
    # A request may take up to 120 s, as in scripts/run-prod.sh (a busy machine's slowest dashboards).
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"]
    server_log = (out / "load-gunicorn.log").open("w", encoding="utf-8")
    server = subprocess.Popen(command, env=env, cwd=ROOT, stderr=server_log)  # noqa: S603 (this venv's gunicorn)
    prefix = out / "load"
    try:
        http_load._wait_ready(base, server)
        warm_up(base, config, workers=workers)
        locust = [
            str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "load_mix.py"), "--headless",
            "-u", str(users), "-r", str(spawn_rate), "-t", f"{duration}s", "--host", base, "--csv", str(prefix),
            "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING",
        ]  # fmt: skip
        load_at_start = os.getloadavg()[0]
        cpu_before, children_before = (
            workers_cpu_seconds(server.pid),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        done = subprocess.run(  # noqa: S603 (this venv's locust)
            locust, env={**os.environ, "JIANFU_LOAD_CONFIG": str(config_path)}, cwd=ROOT,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        server_cpu_s = workers_cpu_seconds(server.pid) - cpu_before
        locust_cpu_s = (children_after.ru_utime + children_after.ru_stime) - (
            children_before.ru_utime + children_before.ru_stime
        )
        load_at_end = os.getloadavg()[0]
        (out / "load-locust.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        stats_path = Path(f"{prefix}_stats.csv")
        if not stats_path.exists():
            raise SystemExit(f"locust wrote no statistics (exit {done.returncode}):\n{done.stderr[-3000:]}")
        stats = read_stats(stats_path)
        written = matters_written(served_url)
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()
        drop(served_url)
    return {
        "stats": stats,
        "written": written,
        "users": users,
        "duration_s": duration,
        "workers": workers,
        "cores": os.cpu_count(),
        "locust_exit": done.returncode,
        "server_cpu_s": server_cpu_s,
        "locust_cpu_s": locust_cpu_s,
        "load_average_1m": (load_at_start, load_at_end),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--database", default=DEFAULT_URL, help="the base database to copy")
    args = parser.parse_args()
    r = run(users=args.users, duration=args.duration, database_url=args.database)
    print(
        f"mixed load: {r['users']} users x {r['duration_s']} s, gunicorn {r['workers']} workers ({r['cores']} cores)"
    )
    for name, f in r["stats"].items():
        print(
            f"  {name:<18} {f['requests']:>7,} requests  {f['failures']:>4} failed  "
            f"p50 {f['p50_ms']:.0f} ms  p99 {f['p99_ms']:.0f} ms  {f['rps']:.1f} req/s"
        )
    print(f"  Matters written by the load, by state: {r['written']}")
    requests = r["stats"]["Aggregated"]["requests"]
    print(
        f"  app server CPU {r['server_cpu_s']:.1f} s ({1000 * r['server_cpu_s'] / requests:.1f} ms per request), "
        f"locust CPU {r['locust_cpu_s']:.1f} s, load average {r['load_average_1m'][0]:.1f} at the start, "
        f"{r['load_average_1m'][1]:.1f} at the end"
    )


if __name__ == "__main__":
    main()
