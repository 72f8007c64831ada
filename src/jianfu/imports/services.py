"""Writes of the imports app (measures 15-16): the teacher and student imports, and the jobs of the upload page.

An import is one transaction with its audit row. By default a file with any bad row writes nothing; with
`skip_bad_rows` the good rows are written and the bad ones reported. Imports run one at a time (an advisory lock on
PostgreSQL; SQLite's write lock does the same), so two uploads of overlapping files cannot interleave.
"""

import datetime as dt
import hashlib
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.imports import pipeline, readers, spool
from jianfu.imports.models import ImportJob, ImportUpload
from jianfu.imports.people import Target
from jianfu.registry.models import School, Student, Teacher

logger = logging.getLogger(__name__)

IMPORTER_ROLES = frozenset({Role.SCHOOL_ADMIN, Role.COUNTY_EDU, Role.CITY_EDU})
_MODELS = {pipeline.TEACHERS: Teacher, pipeline.STUDENTS: Student}
_LOCK_KEY = 0x6A69616E  # "jian": one import at a time
_PROGRESS_EVERY_SECONDS = 0.5


def import_target(*, actor, school_code: str = "") -> Target:
    """The schools `actor` may import into: a school administrator their school (the whole file is for it), a
    county or city bureau the schools of its area (each row names its school by 学校标识码); the command line
    (actor None) every school, or the one of `school_code`."""
    known = dict(School.objects.values_list("code", "name"))
    if actor is None:
        allowed = dict(School.objects.values_list("code", "id"))
        fixed = None
        if school_code:
            if school_code not in allowed:
                raise ValidationError(f"没有学校标识码为“{school_code}”的学校")
            fixed = (allowed[school_code], school_code)
        return Target(allowed, known, fixed)
    if getattr(actor, "role", None) not in IMPORTER_ROLES:
        raise PermissionDenied("只有学校管理员和教育局可以导入教师、学生名单")
    if actor.role == Role.SCHOOL_ADMIN:
        if actor.school_id is None:
            raise PermissionDenied("您的账号没有所属学校")
        school = actor.school
        return Target({school.code: school.pk}, known, (school.pk, school.code))
    return Target(dict(scope.visible_to(actor, School).values_list("code", "id")), known)


def _import_transaction_begun() -> None:
    """One import at a time; and on PostgreSQL, lookups by the unique index even when the planner's statistics,
    stale while the import grows the table inside its transaction, would pick a scan of the whole table."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
            cursor.execute("SET LOCAL enable_seqscan = off")


def _failed(kind: str, message: str) -> pipeline.Outcome:
    return pipeline.Outcome(kind, status="failed", message=message)


def _digest(source: readers.Source) -> str:
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
    else:
        with open(source, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def people_import(
    *,
    actor,
    kind: str,
    source: readers.Source,
    file_name: str,
    target: Target,
    skip_bad_rows: bool = False,
    progress: pipeline.Progress | None = None,
    on_written=None,
) -> pipeline.Outcome:
    """Check and write one file in one transaction with its audit row; nothing is written if any row is bad
    (unless `skip_bad_rows`) or the file cannot be read. `on_written(outcome)` runs inside the transaction."""
    try:
        with transaction.atomic():
            _import_transaction_begun()
            outcome = pipeline.run(
                source=source,
                kind=kind,
                target=target,
                write=True,
                skip_bad_rows=skip_bad_rows,
                progress=progress,
            )
            if outcome.status != "done":
                transaction.set_rollback(True)
                return outcome
            school = School.objects.select_related("region").get(pk=target.fixed[0]) if target.fixed else None
            events.people_imported(
                actor=actor,
                model=_MODELS[kind],
                file_name=file_name,
                file_sha256=_digest(source),
                counts=outcome.counts(),
                school=school,
                skip_bad_rows=skip_bad_rows,
            )
            if on_written is not None:
                on_written(outcome)
    except (readers.ReadError, pipeline.FileProblem) as exc:
        return _failed(kind, str(exc))
    except IntegrityError:
        logger.warning("import of %s collided with a concurrent change", file_name, exc_info=True)
        return _failed(kind, "导入时与同时进行的另一项修改冲突，未导入任何数据，请重试")
    return outcome


def people_import_check(
    *,
    kind: str,
    source: readers.Source,
    target: Target,
    skip_bad_rows: bool = False,
    progress: pipeline.Progress | None = None,
) -> pipeline.Outcome:
    """Every check of an import, including against the registry, without writing anything."""
    try:
        return pipeline.run(
            source=source,
            kind=kind,
            target=target,
            write=False,
            skip_bad_rows=skip_bad_rows,
            progress=progress,
        )
    except (readers.ReadError, pipeline.FileProblem) as exc:
        return _failed(kind, str(exc))


def teachers_import(
    *, actor, path: Path, school_code: str = "", skip_bad_rows: bool = False, progress=None
) -> pipeline.Outcome:
    """`jianfu import-teachers`: a national teacher export from disk."""
    target = import_target(actor=actor, school_code=school_code)
    return people_import(
        actor=actor,
        kind=pipeline.TEACHERS,
        source=Path(path),
        file_name=Path(path).name,
        target=target,
        skip_bad_rows=skip_bad_rows,
        progress=progress,
    )


def students_import(
    *, actor, path: Path, school_code: str = "", skip_bad_rows: bool = False, progress=None
) -> pipeline.Outcome:
    """`jianfu import-students`: a national student registry export from disk."""
    target = import_target(actor=actor, school_code=school_code)
    return people_import(
        actor=actor,
        kind=pipeline.STUDENTS,
        source=Path(path),
        file_name=Path(path).name,
        target=target,
        skip_bad_rows=skip_bad_rows,
        progress=progress,
    )


# --- jobs of the upload page ------------------------------------------------------------------------------------
#
# A job runs as a task of the worker (imports.tasks, `jianfu run_huey`); the upload waits in the spool. A task may
# be delivered twice (a worker that died after finishing it, the requeue below): a delivery starts only a job that
# has not finished, and writes only while holding the job's row lock, so the rows are written once and the job
# becomes done in the same transaction as they do.

RETRYING_MESSAGE = "上次处理中断（服务器重启或出错），未导入任何数据，正在重新处理（第 {attempt} 次）"
GAVE_UP_MESSAGE = (
    "处理 {attempts} 次均被中断（服务器重启或出错），未导入任何数据。请稍后点击“重新导入”，或联系管理员"
)
UPLOAD_GONE_MESSAGE = "上传的文件已不在服务器上（已超过保留期限或已被清理），未导入任何数据，请重新上传"
NOT_RETRYABLE_MESSAGE = "只有无法导入或处理中断的任务可以重新导入"


def import_job_create(
    *, actor, kind: str, file_name: str, data: bytes, skip_bad_rows: bool = False
) -> ImportJob:
    """Accept an upload: the importer's right, the size limit and the kind of file (by its bytes) are checked
    here; the rows are checked by import_job_run. The bytes wait in the spool (encrypted), not in the queue."""
    target = import_target(actor=actor)
    if kind not in _MODELS:
        raise ValidationError("请选择导入教师还是学生")
    if len(data) > settings.JIANFU_UPLOAD_MAX_BYTES:
        raise ValidationError(f"文件超过大小上限（{settings.JIANFU_UPLOAD_MAX_BYTES // (1024 * 1024)} MB）")
    try:
        readers.sniff(data)
    except readers.ReadError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            created_by=actor,
            school_id=target.fixed[0] if target.fixed else None,
            file_name=file_name[:200],
            file_size=len(data),
            file_sha256=hashlib.sha256(data).hexdigest(),
            skip_bad_rows=skip_bad_rows,
            heartbeat_at=timezone.now(),
        )
        spool.save(job.pk, data)  # in the same transaction: no job without its file
    return job


def _job_progress(job_id):
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= _PROGRESS_EVERY_SECONDS:
            last[0] = now
            ImportJob.objects.filter(pk=job_id).exclude(status__in=ImportJob.FINISHED).update(
                rows_done=done, rows_total=total, heartbeat_at=timezone.now()
            )

    return report


def _job_with_owner(job_id) -> ImportJob:
    return ImportJob.objects.select_related("school__region", "created_by__region").get(pk=job_id)


def _job_finish(job_id, outcome: pipeline.Outcome) -> None:
    """Record the outcome (in the caller's transaction); a failure, the system's doing, with its audit row. The
    upload leaves the spool with it when the job is done or turned down; a failed job keeps it for a while, so
    that its owner can run it again (import_job_retry)."""
    statuses = {"done": ImportJob.Status.DONE, "rejected": ImportJob.Status.REJECTED}
    status = statuses.get(outcome.status, ImportJob.Status.FAILED)
    if status == ImportJob.Status.FAILED:
        # Done is audited by the import's own row (people_imported); turned down changes nothing but the job.
        events.import_job_failed(job=_job_with_owner(job_id), message=outcome.message)
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        rows_done=outcome.rows,
        rows_total=max(outcome.rows, 1),
        counts=outcome.counts(),
        error_count=outcome.error_count,
        errors=[list(error) for error in outcome.errors],
        message=outcome.message or "；".join(outcome.notes),
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if status != ImportJob.Status.FAILED:
        spool.remove(job_id)


def _job_unfinished_locked(job_id) -> bool:
    """Lock the job's row for the rest of the transaction; whether it is still unfinished. A second delivery of
    the job waits here until the first commits, then finds it finished."""
    statuses = ImportJob.objects.select_for_update().filter(pk=job_id).values_list("status", flat=True)
    return any(status not in ImportJob.FINISHED for status in statuses)


def import_job_run(*, job_id) -> ImportJob | None:
    """One delivery of the job's task: check the upload (progress on the job row as it goes), then, if it may be
    imported, write it in one transaction that also marks the job done: a job is done exactly when its rows are
    in the registry. None when the job had already finished (a second delivery): nothing is done again."""
    started = (
        ImportJob.objects.filter(pk=job_id)
        .exclude(status__in=ImportJob.FINISHED)
        .update(
            status=ImportJob.Status.CHECKING,
            attempts=F("attempts") + 1,
            rows_done=0,
            heartbeat_at=timezone.now(),
        )
    )
    if not started:
        return None
    job = ImportJob.objects.select_related("created_by__school", "created_by__region").get(pk=job_id)
    data = spool.read(job.pk, sha256=job.file_sha256)
    if data is None:
        with transaction.atomic():
            if _job_unfinished_locked(job_id):
                _job_finish(job_id, _failed(job.kind, UPLOAD_GONE_MESSAGE))
        return ImportJob.objects.get(pk=job_id)
    actor = job.created_by
    target = import_target(actor=actor)
    checked = people_import_check(
        kind=job.kind,
        source=data,
        target=target,
        skip_bad_rows=job.skip_bad_rows,
        progress=_job_progress(job_id),
    )
    if checked.status != "done":
        with transaction.atomic():
            if _job_unfinished_locked(job_id):
                _job_finish(job_id, checked)
        return ImportJob.objects.get(pk=job_id)
    writing = (
        ImportJob.objects.filter(pk=job_id)
        .exclude(status__in=ImportJob.FINISHED)
        .update(status=ImportJob.Status.WRITING, rows_done=checked.rows, heartbeat_at=timezone.now())
    )
    if not writing:
        return None  # another delivery finished it while this one was checking
    with transaction.atomic():
        if not _job_unfinished_locked(job_id):
            return None  # another delivery finished it meanwhile
        outcome = people_import(
            actor=actor,
            kind=job.kind,
            source=data,
            file_name=job.file_name,
            target=target,
            skip_bad_rows=job.skip_bad_rows,
            on_written=lambda outcome: _job_finish(job_id, outcome),
        )
        if outcome.status != "done":
            _job_finish(job_id, outcome)
    return ImportJob.objects.get(pk=job_id)


def import_job_fail(*, job_id, message: str) -> None:
    """The job's task failed outside the import's transaction: nothing was written; say so, with its audit row
    (a job already finished is left as it is)."""
    with transaction.atomic():
        if not _job_unfinished_locked(job_id):
            return
        events.import_job_failed(job=_job_with_owner(job_id), message=message)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
        )


def _retry_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.JIANFU_IMPORT_RETRY_AFTER_SECONDS)


def import_jobs_requeue(*, waiting: set[str], now: dt.datetime | None = None) -> list:
    """The unfinished jobs not seen for JIANFU_IMPORT_RETRY_AFTER_SECONDS: those whose task still `waiting` in
    the queue (job ids) are only marked as seen; a job being written right now is skipped (its row is locked);
    the others died with their worker and are queued again (their ids returned, for the caller to enqueue after
    this commits) or, once JIANFU_IMPORT_MAX_ATTEMPTS deliveries have started, failed."""
    now = now or timezone.now()
    cutoff = _retry_cutoff(now)
    stale = (
        ImportJob.objects.exclude(status__in=ImportJob.FINISHED)
        .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
        .order_by("created_at")
    )
    requeued = []
    for job_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            job = stale.select_for_update(skip_locked=True).filter(pk=job_id).first()
            if job is None:
                continue  # finished or seen meanwhile, or being written by a live worker (its row is locked)
            if str(job.pk) in waiting:
                ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=now)
            elif job.attempts >= settings.JIANFU_IMPORT_MAX_ATTEMPTS:
                _job_finish(job.pk, _failed(job.kind, GAVE_UP_MESSAGE.format(attempts=job.attempts)))
            elif not spool.exists(job.pk):
                _job_finish(job.pk, _failed(job.kind, UPLOAD_GONE_MESSAGE))
            else:
                events.import_job_requeued(job=job)
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportJob.Status.QUEUED,
                    heartbeat_at=now,
                    message=RETRYING_MESSAGE.format(attempt=job.attempts + 1),
                )
                requeued.append(job.pk)
    return requeued


def import_job_retry(*, actor, job: ImportJob, now: dt.datetime | None = None) -> ImportJob:
    """Its owner runs a failed or interrupted job again from the upload still in the spool, without uploading it
    again (for the caller to enqueue after this commits). The attempts start from zero."""
    from jianfu.imports import selectors  # selectors reads IMPORTER_ROLES from here

    import_target(actor=actor)  # still an importer, or PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk, created_by=actor)
        interrupted = selectors.import_job_is_stale(job=job, now=now)
        if job.status != ImportJob.Status.FAILED and not interrupted:
            raise ValidationError(NOT_RETRYABLE_MESSAGE)
        if not spool.exists(job.pk):
            raise ValidationError(UPLOAD_GONE_MESSAGE)
        events.import_job_retried(
            actor=actor, job=job, previous_status=job.status, previous_attempts=job.attempts
        )
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.QUEUED,
            attempts=0,
            rows_done=0,
            counts={},
            error_count=0,
            errors=[],
            message="",
            finished_at=None,
            heartbeat_at=now,
        )
    return ImportJob.objects.get(pk=job.pk)


def import_uploads_purge(*, now: dt.datetime | None = None) -> int:
    """Remove the uploads of jobs failed more than JIANFU_IMPORT_KEEP_FAILED_HOURS ago (and, defensively, of any
    job done or turned down: those leave with the job's last transaction). How many were removed."""
    now = now or timezone.now()
    kept_since = now - dt.timedelta(hours=settings.JIANFU_IMPORT_KEEP_FAILED_HOURS)
    with transaction.atomic():
        removed, _ = ImportUpload.objects.filter(
            Q(job__status__in=[ImportJob.Status.DONE, ImportJob.Status.REJECTED])
            | Q(job__status=ImportJob.Status.FAILED, job__finished_at__lt=kept_since)
        ).delete()
    return removed
