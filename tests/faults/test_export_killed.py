"""A gunicorn worker killed (SIGKILL) while it builds a student export (sharing.views.export_download): no download
is counted or audited, the half-written sheet is only in the killed worker's owner-only spill directory (never in
the system's temporary directory), gunicorn replaces the worker, and asking again gives the whole file, counted and
audited once, and removes the killed worker's spill (sharing.workbook)."""

import os
import re
import signal
import threading
import time
from io import BytesIO

import psycopg
from django.urls import reverse
from openpyxl import load_workbook

from tests.faults.conftest import EXPORT_STUDENTS, POSTGRESQL_ONLY
from tests.faults.server import worker_pid_of

pytestmark = POSTGRESQL_ONLY

DOWNLOAD = "studentexportrequest.download"


def _files(directory) -> list[str]:
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*") if path.is_file())


def _state(served) -> tuple:
    """(download count, last download set) of the request, and the student counts of its download audit rows."""
    export_id = served.seed["export_id"]
    [request] = served.pg.query(
        "SELECT download_count, last_downloaded_at IS NOT NULL FROM sharing_studentexportrequest WHERE id = %s",
        (export_id,),
    )
    audit = served.pg.query(
        "SELECT (extra->>'count')::int FROM audit_auditevent WHERE action = %s AND object_id = %s ORDER BY id",
        (DOWNLOAD, str(export_id)),
    )
    return request, [count for (count,) in audit]


def _building_worker(served, timeout: float = 60) -> int:
    """The pid of the worker that is fetching the export's students (a server-side cursor) right now."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(served.pg.url(), autocommit=True) as watcher:
        while time.monotonic() < deadline:
            rows = watcher.execute(
                "SELECT application_name FROM pg_stat_activity WHERE query LIKE 'FETCH FORWARD%'"
            ).fetchall()
            for (name,) in rows:
                if (pid := worker_pid_of(name)) is not None:
                    return pid
            time.sleep(0.01)
    raise AssertionError("no worker started building the export")


def test_a_worker_killed_while_building_an_export_leaves_nothing_and_the_next_request_gets_the_whole_file(
    served,
):
    app, path = served.app, reverse("sharing:export_download", args=[served.seed["export_id"]])
    workers_before = app.worker_pids()
    var_before, tmp_before = _files(served.var_dir), _files(served.tmp_dir)
    outcome = {}

    def download():
        try:
            outcome["response"] = app.get(path, cookie=served.cookie)
        except OSError as exc:  # the connection dies with the worker
            outcome["error"] = exc

    client = threading.Thread(target=download)
    client.start()
    victim = _building_worker(served)
    os.kill(victim, signal.SIGKILL)
    client.join(timeout=60)
    for _ in range(150):  # gunicorn's master forks a replacement
        if len(app.worker_pids()) == len(workers_before) and victim not in app.worker_pids():
            break
        time.sleep(0.2)
    left_in_var = sorted(set(_files(served.var_dir)) - set(var_before))

    assert victim in workers_before
    assert "response" not in outcome, "the worker finished the file before it was killed"
    assert _state(served) == ((0, False), [])  # not counted, not audited
    assert _files(served.tmp_dir) == tmp_before
    assert len(left_in_var) == 1
    assert re.fullmatch(rf"private/export-spill/{victim}@[^/]+@[^/]+/sheet1\.xml", left_in_var[0])
    assert (served.var_dir / left_in_var[0]).parent.stat().st_mode & 0o777 == 0o700
    assert victim not in app.worker_pids()

    again = app.get(path, cookie=served.cookie)

    assert again.status == 200
    sheet = load_workbook(BytesIO(again.body), read_only=True)["学生数据"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 + EXPORT_STUDENTS  # the watermark row, the headers, every student
    assert rows[1] == ("姓名", "班级")
    assert sorted(row[0] for row in rows[2:]) == sorted(f"学生{n}" for n in range(1, EXPORT_STUDENTS + 1))
    assert _state(served) == ((1, True), [EXPORT_STUDENTS])
    assert _files(served.tmp_dir) == tmp_before
    assert _files(served.var_dir) == var_before  # the killed worker's spill is gone too
