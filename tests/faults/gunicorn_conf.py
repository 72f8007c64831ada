"""gunicorn settings for tests/faults: each worker names its database connections after its pid (libpq reads
PGAPPNAME), so a test can see in pg_stat_activity which worker runs a query and kill exactly that one."""

import os


def post_fork(server, worker):
    os.environ["PGAPPNAME"] = f"jianfu-worker-{worker.pid}"


loglevel = "warning"
