"""A real worker (`jianfu run_huey`, a child process) killed in the middle of an import job: nothing of the job is
written, the requeue queues it again, a new worker runs it to the end, and its rows are there exactly once.

The child works on this test's own database (PostgreSQL's test database by its name; SQLite's in-memory one copied
to a file, which this test then uses too) and on a queue of its own (a SQLite file, or Redis db 5), so the test
commits its rows (transaction=True) and reads the child's progress as another process would."""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.config.queue import LazySqliteStorage
from jianfu.imports import jobs, services
from jianfu.imports.models import ImportJob
from jianfu.registry.demo.sampling import IdNumberAllocator
from jianfu.registry.models import Teacher
from tests.factories import SchoolFactory, region, user_with_role
from tests.imports.files import TEACHER_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)

CODE = "2115000001"
ROWS = 25_000  # enough that the worker is seen mid-check and mid-write, more than one progress report apart
REDIS_URL = "redis://127.0.0.1:6379/5"  # the tests' own Redis database, flushed before use
WAIT_SECONDS = 180
GIVEN = "伟芳娜敏静丽强磊军洋"  # a limit for waiting on the child, not a speed requirement


def teachers_file(rows: int) -> bytes:
    """A national teacher export of `rows` valid, distinct teachers of one school."""
    ids = IdNumberAllocator(seed=9)
    first = dt.date(1965, 1, 1).toordinal()
    lines = []
    for number in range(rows):
        birth = dt.date.fromordinal(first + number % 7_000)
        male = number % 3 == 0
        lines.append(
            [CODE, "王" + GIVEN[number % 10] + GIVEN[number // 10 % 10], "男" if male else "女", f"{number:07d}", "居民身份证",
             ids.allocate(birth, "1" if male else "2"), birth.isoformat(), "汉族", "群众", "2008-09", "2015-09",
             "本科", "专业技术岗位", "一级教师", "否", "在岗"]
        )  # fmt: skip
    return csv_bytes([list(TEACHER_HEADERS), *lines])


def wait_for(condition, *, what: str, worker=None):
    """Poll `condition` until it is true (its value returned); fail with the worker's log if it never is."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not (value := condition()):
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited ({worker.process.returncode}) before {what}:\n{worker.log()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {WAIT_SECONDS} s" + (f":\n{worker.log()}" if worker else ""))
        time.sleep(0.02)
    return value


# --- the database and the queue, shared with child processes -----------------------------------------------------


@pytest.fixture
def shared_database(tmp_path):
    """Environment naming this test's database for a child process."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        yield {
            "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        }
        return
    # SQLite: the in-memory test database, copied to a file that this test uses too; put back afterwards.
    path = tmp_path / "jianfu.sqlite3"
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    connection.connection, connection.settings_dict["NAME"] = None, str(path)
    try:
        yield {"JIANFU_SQLITE_PATH": str(path)}
    finally:
        connection.close()
        connection.connection, connection.settings_dict["NAME"] = memory, name


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def shared_queue(request, tmp_path, monkeypatch):
    """A queue of this test's own, used by this process (huey no longer immediate) and by the child workers."""
    if request.param == "sqlite-queue":
        # the worker's, under its JIANFU_VAR_DIR (start_worker)
        storage, env = LazySqliteStorage(HUEY.name, filename=str(tmp_path / "var" / "queue.sqlite3")), {}
    else:
        storage, env = RedisStorage(HUEY.name, url=REDIS_URL), {"JIANFU_QUEUE_URL": REDIS_URL}
        try:
            storage.conn.flushdb()
        except Exception as exc:
            pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", storage)
    yield env
    if request.param == "redis-queue":
        storage.conn.flushdb()


class Worker:
    """`jianfu run_huey` in a child process, its output in a file; no periodic tasks (the test runs the requeue)."""

    def __init__(self, env: dict, log_path: Path):
        self.log_path = log_path
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jianfu.manage", "run_huey", "--workers", "1", "--no-periodic"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=WAIT_SECONDS)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def start_worker(shared_database, shared_queue, tmp_path):
    """Start a worker on this test's database and queue; every worker started is stopped after."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIANFU_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jianfu.config.settings",
            "JIANFU_VAR_DIR": str(tmp_path / "var"),
            **shared_database,
            **shared_queue,
        }
    )
    started = []

    def start() -> Worker:
        started.append(Worker(env, tmp_path / f"worker-{len(started) + 1}.log"))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


# --- "mid-job": seen from outside the worker ---------------------------------------------------------------------


def checking(job_id) -> bool:
    """The worker is checking the rows: some are checked, not all."""
    job = ImportJob.objects.get(pk=job_id)
    return job.status == ImportJob.Status.CHECKING and 0 < job.rows_done < job.rows_total


def writing(job_id) -> bool:
    """The worker's write transaction is open: it holds the import lock (PostgreSQL's advisory lock; SQLite's
    write lock, which another connection then cannot take)."""
    if ImportJob.objects.get(pk=job_id).status != ImportJob.Status.WRITING:
        return False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = %s",
                [services._LOCK_KEY],
            )
            return cursor.fetchone()[0] == 1
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    else:
        probe.rollback()
        return False
    finally:
        probe.close()


def dead_workers_transaction_gone(job_id) -> None:
    """Wait until the killed worker's transaction has been rolled back (PostgreSQL notices the closed connection
    when the statement under way ends): its row lock would make the requeue pass the job by as alive."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM imports_importjob WHERE id = %s FOR UPDATE", [job_id])


@pytest.mark.parametrize("moment", [checking, writing], ids=["checking", "writing"])
def test_a_worker_killed_mid_job_leaves_nothing_and_the_requeued_job_is_done_once(
    start_worker, settings, moment
):
    # Given a county bureau's upload of 25,000 teachers, queued for a worker that has started on it
    SchoolFactory(code=CODE, name="固阳县第一小学", region=region("150222"))
    bureau = user_with_role(Role.COUNTY_EDU, region_code="150222")
    job = services.import_job_create(
        actor=bureau, kind="teachers", file_name="教师.csv", data=teachers_file(ROWS)
    )
    first = start_worker()
    jobs.start(job_id=job.pk)

    # When the worker is killed in the middle of the job
    wait_for(lambda: moment(job.pk), what=f"job {moment.__name__}", worker=first)
    first.kill()

    # Then nothing of it is written
    assert Teacher.objects.count() == 0
    assert ImportJob.objects.get(pk=job.pk).attempts == 1

    # And when the requeue finds it, a new worker runs it to the end: its rows once, its attempts 2
    dead_workers_transaction_gone(job.pk)
    settings.JIANFU_IMPORT_RETRY_AFTER_SECONDS = 0  # no waiting for the heartbeat to go stale
    second = start_worker()
    assert jobs.requeue() == [job.pk]
    done = wait_for(
        lambda: (found := ImportJob.objects.get(pk=job.pk)).is_finished and found,
        what="finished job",
        worker=second,
    )
    assert (done.status, done.attempts, done.counts["created"]) == ("done", 2, ROWS)
    assert Teacher.objects.count() == ROWS
    assert AuditEvent.objects.filter(action="teacher.import").count() == 1
