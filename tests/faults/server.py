"""A throwaway PostgreSQL cluster and gunicorn serving the app against it, for faults the machine's shared server
must not suffer: the database stopped in the middle of requests, a worker killed in the middle of an export.

The cluster belongs to the `postgres` OS user (initdb refuses root), lives in a temporary directory and listens on
a free port of 127.0.0.1 only; `destroy` stops it and removes the directory whatever state the test left it in.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
GUNICORN_CONFIG = Path(__file__).with_name("gunicorn_conf.py")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cluster_unavailable() -> str:
    """Why a throwaway cluster cannot be made here ("" when it can)."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL server binaries missing under {PG_BIN}"
    if os.geteuid() != 0:
        return "a throwaway cluster is made as the postgres OS user, which needs root (runuser)"
    return ""


def _as_postgres(*command: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class ThrowawayPostgres:
    """initdb + pg_ctl start on a free port; stop/start at will; destroy removes everything."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="jianfu-faults-pg-"))
        shutil.chown(self.dir, user="postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.running = False
        _as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"
        )

    def url(self, database: str = "jianfu") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def query(self, sql: str, params: tuple = (), *, database: str = "jianfu") -> list[tuple]:
        """Rows of one statement, on a connection of its own (autocommit)."""
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def destroy(self) -> None:
        try:
            if self.running:
                self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def app_env(database_url: str, var_dir: Path, tmp_dir: Path) -> dict:
    """The app's environment: demo mode, this database, its own var/ and temporary directory, no shared cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JIANFU_", "DJANGO_", "DATABASE_URL", "DB_"))
    }
    env.update(
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE="60",  # persistent connections: the restart leaves each worker a dead one to notice
        DJANGO_SETTINGS_MODULE="jianfu.config.settings",
        JIANFU_VAR_DIR=str(var_dir),
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        TMPDIR=str(tmp_dir),
    )
    return env


SEED = """
import json, sys
import django
django.setup()
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from tests.factories import SchoolFactory, department_user, region, student_export_request

students = int(sys.argv[1])
school = SchoolFactory(region=region("150222"), name="固阳县第一小学")
requester = department_user("固阳县公安局", region_code="150222")
export = student_export_request(requester=requester, schools=[school], status="approved")
with connection.cursor() as cursor:  # the registry's rows in one statement: only names and classes are exported
    cursor.execute(
        "INSERT INTO registry_student (school_id, name, gender, id_cipher, id_lookup, id_masked, birth_date,"
        " ethnicity, grade, class_name, enrolled_on, status)"
        " SELECT %s, '学生' || n, '2', '-', 'faults-' || n, '150299********00', DATE '2016-05-02', '汉族',"
        " '四年级', (n %% 10 + 1) || '班', DATE '2023-09-01', 'enrolled' FROM generate_series(1, %s) AS n",
        [school.pk, students],
    )
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(requester.pk)
store[BACKEND_SESSION_KEY] = "jianfu.accounts.backends.JianfuModelBackend"
store[HASH_SESSION_KEY] = requester.get_session_auth_hash()
store.create()
print(json.dumps({"session": store.session_key, "export_id": export.pk, "export_number": export.number}))
"""


def prepare_database(env: dict, *, students: int) -> dict:
    """migrate, then one school with `students` students, an approved export of them and its requester's session."""
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=180,
    )
    seeded = subprocess.run(
        [sys.executable, "-c", SEED, str(students)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(seeded.stdout.strip().splitlines()[-1])


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Gunicorn:
    """gunicorn with sync workers; each worker's database connections carry its pid (gunicorn_conf.post_fork)."""

    env: dict
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "jianfu.config.wsgi", "-c", str(GUNICORN_CONFIG)]
        command += ["--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}", "--timeout", "60"]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT)
        for _ in range(150):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            if len(self.worker_pids()) == self.workers:
                try:
                    self.get("/accounts/login/")
                    return
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def worker_pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()

    def get(self, path: str, *, cookie: str = "", timeout: float = 60) -> Response:
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (local server)
                return Response(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(
                signal.SIGQUIT
            )  # quick shutdown: nothing of a test's server is worth waiting for
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def worker_pid_of(application_name: str) -> int | None:
    match = re.fullmatch(r"jianfu-worker-(\d+)", application_name or "")
    return int(match.group(1)) if match else None
