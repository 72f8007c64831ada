"""The benchmark harness (issue 8): every workload against its baseline measured in the same run, one table.

Run: .venv/bin/python bench/run.py [--scale city|province]
     [--only import,screening,dashboard,catch-up,proctoring,http,load] [--duration SECONDS] [--connections 64]
PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/jianfu_bench) for the dashboard; the import
uses <name>_import and the HTTP load the largest ledger's database on the same server. Data is generated once and
cached (var/bench/, the jianfu_bench* databases). The table is also written to var/bench/results-<timestamp>.json.
Scales: `city` (make bench-quick) runs over the city-scale registry (400 schools, 25,000 teachers, 300,000
students, 10,000 stored Matters), imports 100,000 teachers and loads each URL for 12 s (three turns of 4 s);
`province` (make bench) over the province-scale registry (4,000 schools, 250,000 teachers, 3,000,000 students,
100,000 stored Matters, in <name>_province), imports 1,000,000 teachers and loads each URL for 30 s (three turns
of 10 s). Both screen against 100,000 indexed Matters, read the dashboard at 1M and 10M ledger entries and assign
500 exams x 5,000 teachers. The mixed load (bench/load.py: 200 locust users verifying codes, opening the teacher
home and the dashboards, submitting and approving Matters) runs 60 s (province) or 20 s (city) over a copy of the
base database.
The first run at a scale builds its databases (city: about 15 minutes; province: longer); later runs reuse them.
Each workload runs in a fresh Python process, as a server process would: none measures what another left behind.
"""

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import dashboard  # noqa: E402 (sets up Django against the bench database)
import harness  # noqa: E402
import http_load  # noqa: E402
import load  # noqa: E402 (the harness side of the mixed load; locust runs in its own process)
import proctoring  # noqa: E402
import psycopg  # noqa: E402
import screening  # noqa: E402
from harness import Row, ratio  # noqa: E402

import imports  # noqa: E402

# registry: the demo registry of the databases (city: 25,000 teachers, 300,000 students; province: 250,000 and
# 3,000,000); stored_matters: the Matters in those databases; matters: the Matters in the screening index.
SCALES = {
    "city": {"registry": "city", "import_rows": 100_000, "matters": 100_000, "stored_matters": 10_000,
             "queries": 300, "ledger": [1_000_000, 10_000_000], "dashboard_runs": 40, "duration": 10,
             "load_duration": 20},
    "province": {"registry": "province", "import_rows": 1_000_000, "matters": 100_000, "stored_matters": 100_000,
                 "queries": 1_000, "ledger": [1_000_000, 10_000_000], "dashboard_runs": 100, "duration": 30,
                 "load_duration": 60},
}  # fmt: skip
WORKLOADS = ("import", "screening", "dashboard", "catch-up", "proctoring", "http", "load")


def sibling_url(url: str, name: str) -> str:
    """The same server and credentials as `url`, another database."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def import_rows(rows: int, url: str) -> list[Row]:
    (r,) = imports.run(rows=rows, databases=["postgresql"], url=url)
    ours, bulk = r["rows"] / r["import_s"], r["rows"] / r["bulk_s"]
    share = ratio(ours, bulk)
    return [
        Row(f"teacher import, {rows:,} rows", f"{ours:,.0f} rows/s", f"COPY {bulk:,.0f} rows/s", share,
            ">= 0.5 x COPY", share is not None and share >= imports.TARGET, r),
        Row("import peak RSS", f"{r['peak_rss_mb']:.0f} MB", figures={"peak_rss_mb": r["peak_rss_mb"]}),
    ]  # fmt: skip


def screening_rows(matters: int, queries: int) -> list[Row]:
    r = screening.run(matters=matters, queries=queries)
    label = f"screening, {r['matters']:,} Matters"
    return [
        Row(f"{label}, p50", f"{r['p50_ms']:.2f} ms", f"catalog only {r['baseline_p50_ms']:.2f} ms",
            ratio(r["p50_ms"], r["baseline_p50_ms"]), figures=r),
        Row(f"{label}, p95", f"{r['p95_ms']:.2f} ms", f"catalog only {r['baseline_p95_ms']:.2f} ms",
            ratio(r["p95_ms"], r["baseline_p95_ms"]), "<= 10 ms", r["p95_ms"] <= 10),
    ]  # fmt: skip


def dashboard_rows(sizes: list[int], runs: int, registry: str, matters: int) -> list[Row]:
    results = dashboard.run(sizes=sizes, runs=runs, registry=registry, matters=matters)
    small, large = min(sizes), max(sizes)
    rows = []
    for level, _username in dashboard.USERS:
        p95_small, p95_large = results[level, small][1], results[level, large][1]
        flatness = ratio(p95_large, p95_small)
        passed = max(p95_small, p95_large) <= dashboard.TARGET_MS and flatness is not None and flatness <= 1.5
        figures = {str(size): dict(zip(("p50_ms", "p95_ms", "rows"), results[level, size], strict=True))
                   for size in sizes}  # fmt: skip
        rows.append(
            Row(f"dashboard {level} p95, {large / 1e6:g}M entries", f"{p95_large:.1f} ms",
                f"{small / 1e6:g}M: {p95_small:.1f} ms", flatness, "<= 50 ms, ratio <= 1.5", passed, figures)
        )  # fmt: skip
    return rows


def catch_up_rows(database: str, matters: int) -> list[Row]:
    """The index of the Matters stored in `database`: a worker catching up after another one's submission."""
    dashboard._use_database(database)
    c = screening.catch_up(matters=matters)
    return [
        Row(f"index catch-up, 1 Matter from another worker, {c['indexed']:,} indexed", f"{c['catch_up_ms']:.1f} ms",
            f"full rebuild {c['build_s']:.1f} s", ratio(c["catch_up_ms"] / 1000, c["build_s"]), "no rebuild",
            c["rebuilds"] == 0, c),
        Row("index check per screening, no change", f"{c['check_ms']:.2f} ms",
            f"old signature {c['old_check_ms']:.2f} ms", ratio(c["check_ms"], c["old_check_ms"]), figures=c),
    ]  # fmt: skip


def proctoring_rows() -> list[Row]:
    r = proctoring.run()
    optimal = r["feasible"] and r["optimum"] == r["lower_bound"]
    return [
        Row(f"proctoring {r['exams']} x {r['teachers']}", f"max load {r['optimum']} in {r['seconds']:.2f} s",
            f"lower bound {r['lower_bound']}", ratio(r["optimum"] or 0, r["lower_bound"]),
            "= lower bound, <= 2 s", optimal and r["seconds"] <= 2, r)
    ]  # fmt: skip


def http_rows(duration: int, connections: int, url: str) -> list[Row]:
    r = http_load.run(duration=duration, connections=connections, database_url=url)
    results, bare = r["results"], r["results"]["bare"]["rps"]

    def shown(f: dict) -> str:
        return f"{f['rps']:,.0f} req/s, p50 {f['p50_ms']:.0f} / p99 {f['p99_ms']:.0f} ms"

    verify, home = results["verify"], results["teacher_home"]
    verify_share, home_share = ratio(verify["rps"], bare), ratio(home["rps"], bare)
    title = f"{r['connections']} conn, {r['duration_s']} s in {r['turns']} turns"
    return [
        Row(f"HTTP bare view ({title})", shown(results["bare"]), figures=results["bare"]),
        Row(f"HTTP /verify/<code> ({title})", shown(verify), f"bare {bare:,.0f} req/s", verify_share,
            ">= 0.5 x bare, p99 <= 50 ms", (verify_share or 0) >= 0.5 and verify["p99_ms"] <= 50, verify),
        Row(f"HTTP teacher home ({title})", shown(home), f"bare {bare:,.0f} req/s", home_share,
            ">= 0.25 x bare", (home_share or 0) >= 0.25, home),
        Row(f"gunicorn worker peak RSS ({r['workers']})", " / ".join(f"{mb:.0f}" for mb in
            r["worker_peak_rss_mb"]) + " MB", figures={"worker_peak_rss_mb": r["worker_peak_rss_mb"]}),
    ]  # fmt: skip


def load_rows(duration: int, url: str, *, registry: str, matters: int, users: int = 200) -> list[Row]:
    """The mixed load of bench/load.py over a copy of the scale's base database (built here on first use)."""
    with psycopg.connect(**dashboard._admin_conninfo(), autocommit=True) as admin:
        dashboard.ensure_base(admin, urllib.parse.urlsplit(url).path.lstrip("/"), fresh=False, registry=registry,
                              matters=matters)  # fmt: skip
    r = load.run(users=users, duration=duration, database_url=url)
    stats = r["stats"]
    overall = stats.pop("Aggregated")
    title = f"{r['users']} users, {r['duration_s']} s"
    rows = [
        Row(f"load ({title}): requests", f"{overall['requests']:,}, {overall['rps']:,.0f} req/s", figures=r),
        Row(f"load ({title}): failed requests", f"{overall['failures']:,}", target="0",
            passed=overall["failures"] == 0, figures=overall),
    ]  # fmt: skip
    for name, f in stats.items():
        rows.append(Row(f"load {name}", f"p50 {f['p50_ms']:.0f} / p99 {f['p99_ms']:.0f} ms", figures=f))
    rows += [
        Row(f"load overall ({title})", f"p50 {overall['p50_ms']:.0f} / p99 {overall['p99_ms']:.0f} ms",
            target=f"p99 <= {load.TARGET_P99_MS:.0f} ms", passed=overall["p99_ms"] <= load.TARGET_P99_MS,
            figures=overall),
        Row("load: Matters submitted / approved", f"{sum(r['written'].values()):,} / "
            f"{r['written'].get('approved', 0):,}", figures=r["written"]),
        # Latency depends on what else the machine runs; CPU per request does not, much.
        Row("load: app server CPU per request", f"{1000 * r['server_cpu_s'] / max(1, overall['requests']):.1f} ms",
            figures={"server_cpu_s": r["server_cpu_s"], "locust_cpu_s": r["locust_cpu_s"]}),
        Row("load: machine load average (1 min), start / end",
            f"{r['load_average_1m'][0]:.1f} / {r['load_average_1m'][1]:.1f} on {r['cores']} cores",
            figures={"load_average_1m": r["load_average_1m"]}),
    ]  # fmt: skip
    return rows


def machine() -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor())  # fmt: skip
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory_kb / 2**20, 1),
            "python": platform.python_version(), "kernel": platform.release()}  # fmt: skip


def _in_own_process(name: str, args: argparse.Namespace) -> list[Row]:
    """One workload in a fresh Python process, as a server process would run it: none inherits the memory, the
    garbage collector's load or the connections another one left (the screening index of 100,000 Matters slowed
    the dashboard measured after it in the same process by a third)."""
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "rows.json"
        command = [sys.executable, __file__, "--scale", args.scale, "--only", name, "--rows-to", str(out)]
        command += ["--connections", str(args.connections)]
        if args.duration:
            command += ["--duration", str(args.duration)]
        subprocess.run(command, check=True)  # noqa: S603 (this script, our own arguments)
        return [Row(**row) for row in json.loads(out.read_text())]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="province")
    parser.add_argument("--only", default=",".join(WORKLOADS), help="workloads, comma-separated")
    parser.add_argument(
        "--duration", type=int, help="seconds of HTTP load per URL and of the mixed load (default: by scale)"
    )
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rows-to", help=argparse.SUPPRESS)  # internal: a child's rows, as JSON
    args = parser.parse_args()
    scale = SCALES[args.scale]
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    base_url = os.environ["DATABASE_URL"]
    base = dashboard.connection.settings_dict["NAME"]
    steps = {
        "import": lambda: import_rows(scale["import_rows"], sibling_url(base_url, f"{base}_import")),
        "screening": lambda: screening_rows(scale["matters"], scale["queries"]),
        "dashboard": lambda: dashboard_rows(
            scale["ledger"], scale["dashboard_runs"], scale["registry"], scale["stored_matters"]
        ),
        "catch-up": lambda: catch_up_rows(
            dashboard.base_database(base, scale["registry"]), scale["stored_matters"]
        ),
        "proctoring": proctoring_rows,
        "http": lambda: http_rows(
            args.duration or scale["duration"],
            args.connections,
            sibling_url(
                base_url,
                dashboard.size_database(
                    dashboard.base_database(base, scale["registry"]), max(scale["ledger"])
                ),
            ),
        ),
        "load": lambda: load_rows(
            args.duration or scale["load_duration"],
            sibling_url(base_url, dashboard.base_database(base, scale["registry"])),
            registry=scale["registry"],
            matters=scale["stored_matters"],
        ),
    }
    if args.rows_to:  # a child of the run below: one workload, its rows as JSON for the parent
        rows = [row for name in chosen for row in steps[name]()]
        Path(args.rows_to).write_text(json.dumps([dataclasses.asdict(row) for row in rows]))
        return
    started = time.monotonic()
    rows: list[Row] = []
    for name in chosen:
        print(f"== {name}", flush=True)
        rows.extend(_in_own_process(name, args))
    elapsed = time.monotonic() - started
    info = machine()
    print()
    print(
        f"jianfu benchmarks, {args.scale} scale ({', '.join(chosen)}); {info['cores']} cores, {info['cpu']}, "
        f"{info['memory_gb']} GB; {elapsed:.0f} s"
    )
    print(harness.format_table(rows))
    print(harness.summary(rows))
    meta = {"scale": args.scale, "workloads": chosen, "settings": scale, "machine": info, "seconds": elapsed}
    path = harness.write_json(rows, meta, BENCH.parent / "var" / "bench")
    print(f"written to {path.relative_to(BENCH.parent)}")


if __name__ == "__main__":
    main()
