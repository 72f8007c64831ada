"""Import jobs run in a thread of the process that took the upload, so the page can show a progress bar while
the file is checked and written; this works the same under runserver and gunicorn, with no queue to run.

Only the job row is shared with other processes: the polling request, served by any worker, reads the progress
from the database. If the process dies, the import's transaction dies with it and the job is reported as
interrupted (selectors.STALE_AFTER); nothing partial is ever left.
"""

import contextvars
import logging
import threading

from django.db import connections

from jianfu.imports import services

logger = logging.getLogger(__name__)

FAILED_MESSAGE = "导入时发生内部错误，未导入任何数据。请稍后重试或联系管理员。"


def _run(job_id, data: bytes) -> None:
    try:
        services.import_job_run(job_id=job_id, data=data)
    except Exception:
        logger.exception("import job %s failed", job_id)
        try:
            services.import_job_fail(job_id=job_id, message=FAILED_MESSAGE)
        except Exception:
            logger.exception("import job %s could not be marked as failed", job_id)
    finally:
        connections.close_all()  # this thread's connections; the request's threads keep theirs


def start(*, job_id, data: bytes) -> threading.Thread:
    """Run the job in the background; the audit rows it writes keep the request's origin (address, agent)."""
    context = contextvars.copy_context()
    thread = threading.Thread(
        target=context.run, args=(_run, job_id, data), name=f"jianfu-import-{job_id}", daemon=True
    )
    thread.start()
    return thread


def run_inline(*, job_id, data: bytes) -> None:
    """The same work in the calling thread (tests)."""
    services.import_job_run(job_id=job_id, data=data)
