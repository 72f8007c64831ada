"""Reads of the imports app: who may import, and the import jobs with their progress and error report."""

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.imports import spool
from jianfu.imports.models import ImportJob
from jianfu.imports.services import IMPORTER_ROLES

# A job is queued again by the every-minute requeue task once it has given no sign of life (progress, heartbeat,
# waiting in the queue) for JIANFU_IMPORT_RETRY_AFTER_SECONDS. One not seen for this much longer was not: the
# worker or its scheduler is not running. Its import transaction died with its worker, so nothing was written.
REQUEUE_GRACE = dt.timedelta(minutes=5)
STALE_MESSAGE = "处理中断（服务器重启或出错），未导入任何数据，请重新上传"


def can_import(*, user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in IMPORTER_ROLES


def import_job_list(*, user, limit: int = 10) -> QuerySet[ImportJob]:
    return scope.visible_to(user, ImportJob).select_related("school")[:limit]


def import_job_get(*, user, job_id) -> ImportJob:
    return scope.access_by_id(user, ImportJob, job_id)


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.JIANFU_IMPORT_RETRY_AFTER_SECONDS) + REQUEUE_GRACE


def import_job_is_stale(*, job: ImportJob, now: dt.datetime | None = None) -> bool:
    """Unfinished, and not seen for longer than the requeue would have let it be: shown as interrupted."""
    if job.is_finished:
        return False
    seen = job.heartbeat_at or job.created_at
    return (now or timezone.now()) - seen > stale_after()


def import_job_can_retry(*, job: ImportJob) -> bool:
    """Its owner may run it again (imports.services.import_job_retry): failed or interrupted, upload still kept."""
    return (job.status == ImportJob.Status.FAILED or import_job_is_stale(job=job)) and spool.exists(job.pk)


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
