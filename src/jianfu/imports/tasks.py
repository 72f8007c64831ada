"""Tasks of the imports app for the worker (`jianfu run_huey` finds this module): an upload's job, the
every-minute requeue of the jobs a dead worker left, and the hourly clean-up of the upload spool."""

import logging

from django.db import OperationalError
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from jianfu.imports import jobs, services

logger = logging.getLogger(__name__)

REQUEUE_SCHEDULE = crontab(minute="*")
PURGE_SCHEDULE = crontab(minute="7")


@db_task()
def import_job_task(job_id: str) -> None:
    jobs.run(job_id=job_id)


@db_periodic_task(REQUEUE_SCHEDULE)
def import_jobs_requeue_task() -> None:
    try:
        jobs.requeue()
    except OperationalError as exc:
        # SQLite: an import holds the write lock for its whole write; that job is alive, and the rest can wait
        # for the next minute.
        if "database is locked" not in str(exc):
            raise
        logger.info("the database is busy (an import is writing); requeue on the next run")


@db_periodic_task(PURGE_SCHEDULE)
def import_uploads_purge_task() -> None:
    removed = services.import_uploads_purge()
    if removed:
        logger.info("removed %d uploads no import job will read again", removed)
