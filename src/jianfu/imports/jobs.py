"""Import jobs run as tasks of the worker (`jianfu run_huey`, imports.tasks), so that the upload request returns
at once and the page shows a progress bar while the file is checked and written.

Only the job's id travels through the queue; the upload waits in the spool (imports.spool) and the progress is on
the job row, read by the polling request. A worker that dies takes the import's transaction with it (nothing is
written) and huey does not deliver its task again: the every-minute requeue (`requeue`) finds the job by its
stale heartbeat and queues it again, at most settings.JIANFU_IMPORT_MAX_ATTEMPTS times in all.
"""

import logging

from jianfu.imports import services

logger = logging.getLogger(__name__)

FAILED_MESSAGE = "导入时发生内部错误，未导入任何数据。请稍后重试或联系管理员。"


def start(*, job_id) -> None:
    """Queue the job for the worker (run here and now when huey is immediate, as in the tests)."""
    from jianfu.imports.tasks import import_job_task  # the task module imports this one

    import_job_task(str(job_id))


def run(*, job_id) -> None:
    """One delivery of the job's task; any error fails the job with a message rather than retrying it."""
    try:
        services.import_job_run(job_id=job_id)
    except Exception:
        logger.exception("import job %s failed", job_id)
        try:
            services.import_job_fail(job_id=job_id, message=FAILED_MESSAGE)
        except Exception:
            logger.exception("import job %s could not be marked as failed", job_id)


def waiting_job_ids() -> set[str]:
    """The jobs whose task waits in the queue, not yet taken by a worker: not lost, whatever their heartbeat."""
    from huey.contrib.djhuey import HUEY

    from jianfu.imports.tasks import import_job_task

    # The raw messages, not HUEY.pending(): that one needs every queued task's module imported in this process.
    name = HUEY._registry.task_to_string(import_job_task.task_class)
    messages = (HUEY.serializer.deserialize(data) for data in HUEY.storage.enqueued_items())
    return {str(message.args[0]) for message in messages if message.name == name}


def requeue() -> list:
    """Queue again the jobs a dead worker left (services.import_jobs_requeue); their ids."""
    requeued = services.import_jobs_requeue(waiting=waiting_job_ids())
    for job_id in requeued:
        logger.warning("import job %s was interrupted; queued again", job_id)
        start(job_id=job_id)
    return requeued
