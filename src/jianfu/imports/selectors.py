"""Reads of the imports app: who may import, and the import jobs with their progress and error report."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.imports.models import ImportJob
from jianfu.imports.services import IMPORTER_ROLES

# A job whose thread has given no sign of life for this long died with its process (a restart, a crash); its
# import transaction died with it, so nothing of it was written.
STALE_AFTER = dt.timedelta(minutes=10)
STALE_MESSAGE = "处理中断（服务器重启或出错），未导入任何数据，请重新上传"


def can_import(*, user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in IMPORTER_ROLES


def import_job_list(*, user, limit: int = 10) -> QuerySet[ImportJob]:
    return scope.visible_to(user, ImportJob).select_related("school")[:limit]


def import_job_get(*, user, job_id) -> ImportJob:
    return scope.access_by_id(user, ImportJob, job_id)


def import_job_is_stale(*, job: ImportJob, now: dt.datetime | None = None) -> bool:
    if job.is_finished:
        return False
    seen = job.heartbeat_at or job.created_at
    return (now or timezone.now()) - seen > STALE_AFTER


def import_job_status(*, job: ImportJob) -> dict:
    """What the progress bar shows, for the polling endpoint."""
    stale = import_job_is_stale(job=job)
    return {
        "status": ImportJob.Status.FAILED.value if stale else job.status,
        "label": ImportJob.Status.FAILED.label if stale else job.get_status_display(),
        "percent": 100 if stale else job.percent,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "finished": stale or job.is_finished,
        "message": STALE_MESSAGE if stale else job.message,
    }
