"""The database stopped in the middle of requests: meanwhile every page answers 503 with the Chinese page and
Retry-After (web/middleware.py), never a 500 or a traceback; once it is back, the same gunicorn workers (same
pids, no restart of the app) serve 200 again, their dead connections replaced (CONN_HEALTH_CHECKS)."""

import threading
import time

from django.urls import reverse

from tests.faults.conftest import POSTGRESQL_ONLY

pytestmark = POSTGRESQL_ONLY

RETRIES = 5


class Load(threading.Thread):
    """Requests the pages one after the other until stopped, keeping each status."""

    def __init__(self, app, pages):
        super().__init__(daemon=True)
        self.app, self.pages, self.statuses = app, pages, []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            for path, cookie in self.pages:
                try:
                    self.statuses.append(self.app.get(path, cookie=cookie).status)
                except OSError:  # a dropped connection, which no client should ever see
                    self.statuses.append(0)

    def finish(self) -> list[int]:
        self.done.set()
        self.join(timeout=60)
        return self.statuses


def test_a_database_restart_answers_503_meanwhile_and_the_same_workers_serve_again(served):
    app, pg = served.app, served.pg
    pages = [
        ("/", served.cookie),
        (reverse("whitelist:list"), ""),
        (reverse("sharing:exports"), served.cookie),
    ]
    workers = app.worker_pids()
    assert [app.get(path, cookie=cookie).status for path, cookie in pages * 2] == [200] * 6
    load = Load(app, pages)
    load.start()
    time.sleep(0.5)  # the load is under way when the database goes

    try:
        pg.stop("fast")
        during = [app.get(path, cookie=cookie) for path, cookie in pages * 2]
    finally:
        pg.start()  # whatever happened: the other tests share this server
    tries = []
    for path, cookie in pages:
        for attempt in range(1, RETRIES + 1):
            if app.get(path, cookie=cookie).status == 200:
                tries.append(attempt)
                break
            time.sleep(0.2)
        else:
            tries.append(None)
    statuses = load.finish()

    assert [response.status for response in during] == [503] * 6
    assert {response.headers["Retry-After"] for response in during} == {"30"}
    assert all("系统繁忙，请稍后重试" in response.text for response in during)
    assert not any("Traceback" in response.text or "OperationalError" in response.text for response in during)
    assert None not in tries, f"a page did not recover within {RETRIES} tries: {tries}"
    assert set(statuses) <= {200, 503}
    assert app.worker_pids() == workers  # the same processes: recovered without restarting the app
    assert app.process.poll() is None
    print(
        f"recovered after {tries} tries; background load saw {statuses.count(200)}x200 {statuses.count(503)}x503"
    )
