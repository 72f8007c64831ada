"""Benchmark: public verification and a teacher's home page under HTTP load, against a bare Django view.

Run: .venv/bin/python bench/http_load.py [--duration 30] [--connections 64] [--workers 2] [--database NAME]
gunicorn (two sync workers by default) serves the app on a free local port against PostgreSQL (the dashboard's
10M-entry database by default, so the teacher's home reads a full ledger) with JIANFU_BENCH_BARE_VIEW=1, which
mounts the bare view at /bench/bare/ (Django's middleware and a two-byte response: the baseline). wrk (Debian's
package) drives each URL in turn with the same connections and duration; the teacher logs in once through the
login form with the demo password and wrk sends the session cookie. Each URL's time is split into turns taken in
rotation (bare, verify, home; verify, home, bare; ...), so a machine whose speed drifts over the minutes weighs on
every URL alike; a URL's figures are its turns together: requests over seconds, and p50/p99 of the turns' latencies
merged (bench/wrk_quantiles.lua writes each turn's 1,000 quantiles). Printed: req/s, p50, p99, non-2xx responses
and the peak resident memory of each worker (VmHWM). Targets: verification >= 0.5 x bare with p99 <= 50 ms, the
teacher home >= 0.25 x bare.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUANTILES_SCRIPT = Path(__file__).resolve().parent / "wrk_quantiles.lua"
TURNS = 3
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jianfu_bench_10m"
TEACHER = "teacher-demo"
DEMO_PASSWORD = "jianfu-demo-2026"  # noqa: S105 (jianfu.config.settings.DEMO_PASSWORD, demo mode only)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(base: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/bench/bare/", timeout=2) as response:  # noqa: S310 (local)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s")


def login_cookie(base: str, username: str, password: str) -> str:
    """Log in through the login form (CSRF token included) and return the Cookie header wrk sends."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/accounts/login/", timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(  # noqa: S310 (local server)
        f"{base}/accounts/login/", data=form.encode(), headers={"Referer": f"{base}/accounts/login/"}
    )
    with opener.open(request, timeout=10) as response:
        response.read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"login as {username} failed (no session cookie)")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(output: str) -> dict:
    """req/s, p50 and p99 (ms), requests and non-2xx/3xx responses from `wrk --latency` output."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    requests, seconds = re.search(r"(\d+) requests in ([\d.]+\w+),", output).groups()
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(latency["50"]),
        "p99_ms": _milliseconds(latency["99"]),
        "requests": int(requests),
        "seconds": _milliseconds(seconds) / 1000,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def merge_turns(turns: list[dict]) -> dict:
    """One URL's figures from its turns: requests over the seconds they took, p50 and p99 of all their latencies
    (each turn's 1,000 quantiles standing for a thousandth of its requests each)."""
    requests = sum(turn["requests"] for turn in turns)
    seconds = sum(turn["seconds"] for turn in turns)
    weighted = sorted(
        (value, turn["requests"] / len(turn["quantiles_ms"]))
        for turn in turns
        for value in turn["quantiles_ms"]
    )

    def percentile(share: float) -> float:
        reached = 0.0
        for value, weight in weighted:
            reached += weight
            if reached >= share * requests - 1e-9:
                return value
        return weighted[-1][0]

    return {
        "rps": requests / seconds,
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "requests": requests,
        "seconds": seconds,
        "non_2xx": sum(turn["non_2xx"] for turn in turns),
        "socket_errors": "; ".join(turn["socket_errors"] for turn in turns if turn["socket_errors"]),
        "turns": [{key: turn[key] for key in ("rps", "p50_ms", "p99_ms", "requests")} for turn in turns],
    }


def _wrk(url: str, *, connections: int, duration: int, threads: int, cookie: str | None) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(QUANTILES_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as quantiles:
        env = {**os.environ, "WRK_QUANTILES": quantiles.name}
        done = subprocess.run([*command, url], capture_output=True, text=True, check=True, env=env)  # noqa: S603
        try:
            figures = parse_wrk(done.stdout)
        except (AttributeError, KeyError) as exc:
            raise SystemExit(f"unexpected wrk output for {url}:\n{done.stdout}{done.stderr}") from exc
        figures["quantiles_ms"] = [int(line) / 1000 for line in quantiles.read().split()]
    return figures


def _worker_peaks_mb(master: int) -> list[float]:
    """VmHWM (peak RSS) of each child of the gunicorn master."""
    peaks = []
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return peaks


def verification_code(database_url: str) -> str:
    """The code of an approved Matter in the served database."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        row = conn.execute(
            "SELECT verification_code FROM matters_matter WHERE state = 'approved' "
            "AND verification_code <> '' ORDER BY id LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit("no approved Matter to verify in the bench database (run bench/dashboard.py first)")
    return row[0]


def run(
    *,
    duration: int = 30,
    connections: int = 64,
    workers: int = 2,
    threads: int = 2,
    database_url: str = DEFAULT_URL,
) -> dict:
    """Serve with gunicorn, load the bare view, verification and the teacher home in turn; figures per URL."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: make system-deps (Debian package wrk)")
    code = verification_code(database_url)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "jianfu.config.settings",
        "JIANFU_BENCH_BARE_VIEW": "1",
        # Production's shape: a shared cache (Redis) for the verification page, sessions and rate limits.
        "JIANFU_CACHE_URL": os.environ.get("JIANFU_CACHE_URL", "redis://127.0.0.1:6379/2"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = [sys.executable, "-m", "gunicorn", "jianfu.config.wsgi", "--workers", str(workers)]
    # As in production (scripts/run-prod.sh): the master builds the similarity index before the workers fork, so
    # the server answers only after that (tens of seconds at province scale).
    command += ["-c", "python:jianfu.config.gunicorn"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 (gunicorn from this venv)
    try:
        _wait_ready(base, server)
        cookie = login_cookie(base, TEACHER, DEMO_PASSWORD)
        targets = {
            "bare": (f"{base}/bench/bare/", None),
            "verify": (f"{base}/verify/{code}", None),
            "teacher_home": (f"{base}/", cookie),
        }
        for url, sent_cookie in targets.values():
            _wrk(url, connections=connections, duration=2, threads=threads, cookie=sent_cookie)  # warm-up
        turns = {name: [] for name in targets}
        names = list(targets)
        seconds = max(1, -(-duration // TURNS))  # wrk takes whole seconds
        for turn in range(TURNS):
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                url, sent_cookie = targets[name]
                turns[name].append(
                    _wrk(url, connections=connections, duration=seconds, threads=threads, cookie=sent_cookie)
                )
        results = {name: merge_turns(runs) for name, runs in turns.items()}
        peaks = _worker_peaks_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "urls": {name: url for name, (url, _) in targets.items()},
        "results": results,
        "worker_peak_rss_mb": peaks,
        "duration_s": seconds * TURNS,
        "turns": TURNS,
        "connections": connections,
        "workers": workers,
        "cores": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=30, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default=DEFAULT_URL, help="DATABASE_URL the server uses")
    args = parser.parse_args()
    r = run(
        duration=args.duration, connections=args.connections, workers=args.workers, database_url=args.database
    )
    print(
        f"HTTP load: gunicorn {r['workers']} workers, wrk {r['connections']} connections x "
        f"{r['duration_s']} s per URL ({r['cores']} cores)"
    )
    bare = r["results"]["bare"]["rps"]
    for name, figures in r["results"].items():
        print(
            f"  {name:<13} {figures['rps']:>8.0f} req/s ({figures['rps'] / bare:.2f} x bare)  "
            f"p50 {figures['p50_ms']:.1f} ms  p99 {figures['p99_ms']:.1f} ms  non-2xx {figures['non_2xx']}"
        )
    print("  worker peak RSS: " + ", ".join(f"{mb:.0f} MB" for mb in r["worker_peak_rss_mb"]))


if __name__ == "__main__":
    main()
