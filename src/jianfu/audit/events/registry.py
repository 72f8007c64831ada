"""Events of people entering the registry: demo data loaded, and measures 15-16, imports from the national
teacher and student systems (jianfu.imports)."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from jianfu.audit.events.base import Category, _record
from jianfu.audit.models import AuditEvent


def demo_data_loaded(*, scale: str, counts: Mapping[str, int]) -> AuditEvent:
    return _record(
        actor=None,
        category=Category.CHANGE,
        action="registry.demo_data_loaded",
        object_type="registry",
        object_label=f"演示数据（{scale}）",
        region_code="",
        extra={"scale": scale, "counts": dict(counts)},
    )


def people_imported(
    *,
    actor,
    model: type[Model],
    file_name: str,
    file_sha256: str,
    counts: Mapping[str, Any],
    school=None,
    skip_bad_rows: bool = False,
) -> AuditEvent:
    """One import written (teachers or students, with their record groups): the counts, never the rows; `actor`
    is None for the command line."""
    region = school.region.code if school is not None else None
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=f"{model._meta.model_name}.import",
        object_type=model._meta.label_lower,
        object_label=f"{model._meta.verbose_name}导入：{file_name}",
        region_code=region,
        extra={
            "file_name": file_name,
            "file_sha256": file_sha256,
            "counts": dict(counts),
            "school": school.code if school is not None else "",
            "skip_bad_rows": skip_bad_rows,
        },
    )


def _import_job_region(job) -> str:
    """The job's school's region, or its owner's when a bureau uploaded it (its rows name their schools): the
    supervisors of that area find the job's events whoever the actor is, the owner or the system."""
    if job.school_id:
        return job.school.region.code
    return job.created_by.region.code if job.created_by.region_id else ""


def _import_job_event(*, actor, job, action: str, changes: dict, extra: dict) -> AuditEvent:
    """A change of an import job's status, by its owner or by the system (actor None)."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action=action,
        object_type="imports.importjob",
        object_id=str(job.pk),
        object_label=f"导入任务：{job.file_name}",
        region_code=_import_job_region(job),
        changes=changes,
        extra={"file_sha256": job.file_sha256, **extra},
    )


def import_job_retried(*, actor, job, previous_status: str, previous_attempts: int) -> AuditEvent:
    """Its owner ran a failed or interrupted import job again from the kept upload (重新导入)."""
    return _import_job_event(
        actor=actor,
        job=job,
        action="import_job.retry",
        changes={"status": [previous_status, "queued"], "attempts": [previous_attempts, 0]},
        extra={},
    )


def import_job_requeued(*, job) -> AuditEvent:
    """The every-minute requeue (the system, no user) queued again a job a dead worker left: `job` as it was."""
    return _import_job_event(
        actor=None,
        job=job,
        action="import_job.requeue",
        # Attempts count deliveries started, so a requeue leaves them as they are; both kept to say so.
        changes={"status": [job.status, "queued"], "attempts": [job.attempts, job.attempts]},
        extra={"owner": job.created_by_id},
    )


def import_job_failed(*, job, message: str) -> AuditEvent:
    """The system failed a job (its last attempt interrupted, its upload gone, an unreadable file or an internal
    error): `job` as it was, `message` what its owner is told."""
    return _import_job_event(
        actor=None,
        job=job,
        action="import_job.fail",
        changes={"status": [job.status, "failed"], "attempts": [job.attempts, job.attempts]},
        extra={"owner": job.created_by_id, "message": message},
    )
