"""Events of operating the platform: a whole backup written (`jianfu backup`) and a backup restored
(`jianfu restore`). The counts and the archive's hash are kept, never the rows."""

from jianfu.audit.events.base import Category, _record
from jianfu.audit.models import AuditEvent


def backup_made(
    *,
    actor: str,
    archive_name: str,
    archive_sha256: str,
    size: int,
    vendor: str,
    row_total: int,
    upload_files: int,
) -> AuditEvent:
    """A full backup left the system: an export of every row and upload, so it is logged as one."""
    return _record(
        actor=actor,
        category=Category.EXPORT,
        action="system.backup",
        object_type="system",
        object_label=f"全量备份：{archive_name}",
        region_code="",
        extra={
            "archive_name": archive_name,
            "archive_sha256": archive_sha256,
            "size": size,
            "vendor": vendor,
            "row_total": row_total,
            "upload_files": upload_files,
        },
    )


def restore_done(
    *,
    actor: str,
    archive_name: str,
    archive_sha256: str,
    created_at: str,
    vendor: str,
    forced: bool,
    row_total: int,
    mismatched: list[str],
    upload_files: int,
) -> AuditEvent:
    """A backup replaced the database and the uploads; written into the restored database, after the check."""
    return _record(
        actor=actor,
        category=Category.CHANGE,
        action="system.restore",
        object_type="system",
        object_label=f"从备份恢复：{archive_name}",
        region_code="",
        extra={
            "archive_name": archive_name,
            "archive_sha256": archive_sha256,
            "backup_created_at": created_at,
            "vendor": vendor,
            "forced": forced,
            "row_total": row_total,
            "mismatched_tables": list(mismatched),
            "upload_files": upload_files,
        },
    )
