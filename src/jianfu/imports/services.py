"""Writes of the imports app (measures 15-16): the teacher and student imports, and the jobs of the upload page.

An import is one transaction with its audit row. By default a file with any bad row writes nothing; with
`skip_bad_rows` the good rows are written and the bad ones reported. Imports run one at a time (an advisory lock on
PostgreSQL; SQLite's write lock does the same), so two uploads of overlapping files cannot interleave.
"""

import hashlib
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.imports import pipeline, readers
from jianfu.imports.models import ImportJob
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


def import_job_create(
    *, actor, kind: str, file_name: str, data: bytes, skip_bad_rows: bool = False
) -> ImportJob:
    """Accept an upload: the importer's right, the size limit and the kind of file (by its bytes) are checked
    here; the rows are checked by import_job_run. The bytes are not stored."""
    target = import_target(actor=actor)
    if kind not in _MODELS:
        raise ValidationError("请选择导入教师还是学生")
    if len(data) > settings.JIANFU_UPLOAD_MAX_BYTES:
        raise ValidationError(f"文件超过大小上限（{settings.JIANFU_UPLOAD_MAX_BYTES // (1024 * 1024)} MB）")
    try:
        readers.sniff(data)
    except readers.ReadError as exc:
        raise ValidationError(str(exc)) from exc
    return ImportJob.objects.create(
        kind=kind,
        created_by=actor,
        school_id=target.fixed[0] if target.fixed else None,
        file_name=file_name[:200],
        file_size=len(data),
        file_sha256=hashlib.sha256(data).hexdigest(),
        skip_bad_rows=skip_bad_rows,
        heartbeat_at=timezone.now(),
    )


def _job_progress(job_id):
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= _PROGRESS_EVERY_SECONDS:
            last[0] = now
            ImportJob.objects.filter(pk=job_id).update(
                rows_done=done, rows_total=total, heartbeat_at=timezone.now()
            )

    return report


def _job_finish(job_id, outcome: pipeline.Outcome) -> None:
    statuses = {"done": ImportJob.Status.DONE, "rejected": ImportJob.Status.REJECTED}
    ImportJob.objects.filter(pk=job_id).update(
        status=statuses.get(outcome.status, ImportJob.Status.FAILED),
        rows_done=outcome.rows,
        rows_total=max(outcome.rows, 1),
        counts=outcome.counts(),
        error_count=outcome.error_count,
        errors=[list(error) for error in outcome.errors],
        message=outcome.message or "；".join(outcome.notes),
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def import_job_run(*, job_id, data: bytes) -> ImportJob:
    """Check the upload (progress on the job row as it goes), then, if it may be imported, write it in one
    transaction that also marks the job done: a job is done exactly when its rows are in the registry."""
    job = ImportJob.objects.select_related("created_by__school", "created_by__region").get(pk=job_id)
    actor = job.created_by
    target = import_target(actor=actor)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.CHECKING, heartbeat_at=timezone.now())
    checked = people_import_check(
        kind=job.kind,
        source=data,
        target=target,
        skip_bad_rows=job.skip_bad_rows,
        progress=_job_progress(job_id),
    )
    if checked.status != "done":
        _job_finish(job_id, checked)
        return ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.WRITING, rows_done=checked.rows, heartbeat_at=timezone.now()
    )
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
    """The job's thread failed outside the import's transaction: nothing was written; say so."""
    ImportJob.objects.filter(pk=job_id).exclude(status__in=ImportJob.FINISHED).update(
        status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
    )
