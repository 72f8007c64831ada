"""Fault and concurrency tests: PostgreSQL only (row locks, real connections, a server that can be stopped).

`race` runs calls in threads released together by a barrier, each on its own database connection; `served` is
gunicorn serving the app against a throwaway PostgreSQL cluster (tests/faults/server.py), shared by the session.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection

from tests.matters.conftest import _fresh_index, town  # noqa: F401 (the matters pipeline's small Baotou)

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
POSTGRESQL_ONLY = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="fault tests need PostgreSQL (row locks, concurrent connections): run with DATABASE_URL=postgres://…",
)


def race(calls: list[Callable[[], object]], *, timeout: float = 30) -> list[tuple[str, object]]:
    """Run each call in its own thread, all released at once; each result is ("ok", value) or ("error", exc)."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, object] | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = ("ok", call())
        except Exception as exc:  # the test asserts what each racer got
            results[index] = ("error", exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert all(not thread.is_alive() for thread in threads), "a racer is still running (deadlock?)"
    return results


EXPORT_STUDENTS = 20_000  # ten fetches of 2,000: the worker is killed while most are still to come


@dataclass
class Served:
    pg: object  # server.ThrowawayPostgres
    app: object  # server.Gunicorn
    var_dir: object
    tmp_dir: object
    seed: dict

    @property
    def cookie(self) -> str:
        return f"sessionid={self.seed['session']}"


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """gunicorn (2 sync workers) on a throwaway cluster, migrated and seeded; stopped and removed even on failure."""
    from tests.faults import server

    if not ON_POSTGRESQL:
        pytest.skip("fault tests need PostgreSQL: run with DATABASE_URL=postgres://…")
    if why := server.cluster_unavailable():
        pytest.skip(why)
    var_dir, tmp_dir = tmp_path_factory.mktemp("var"), tmp_path_factory.mktemp("tmp")
    pg = server.ThrowawayPostgres()
    app = None
    try:
        pg.start()
        pg.query("CREATE DATABASE jianfu", database="postgres")
        env = server.app_env(pg.url(), var_dir, tmp_dir)
        seed = server.prepare_database(env, students=EXPORT_STUDENTS)
        app = server.Gunicorn(env=env)
        app.start()
        yield Served(pg=pg, app=app, var_dir=var_dir, tmp_dir=tmp_dir, seed=seed)
    finally:
        if app is not None:
            app.stop()
        pg.destroy()
