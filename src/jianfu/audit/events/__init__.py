"""One function per audit event type. Each writes its AuditEvent row in the caller's transaction, so callers
run inside the transaction of the change they record.

Callers use `from jianfu.audit import events` and then `events.<name>(...)`. The functions live by subdomain:
base (`_record`, `diff` and the generic events: rows created, changed, deleted; personal data viewed, listed,
exported; logins), registry (demo data, imports), matters, burden, datahub, archive, sharing and oversight.
"""

from jianfu.audit.events.accounts import (  # noqa: F401 - re-exported (account administration, ADR 0009)
    account_changed,
    account_created,
    account_unlocked,
    password_changed,
)
from jianfu.audit.events.archive import (
    archive_entry_changed,
    archive_entry_created,
    archive_entry_reviewed,
    archive_entry_submitted,
    archive_file_added,
    archive_file_downloaded,
    archive_file_removed,
    archive_grant_created,
    archive_grant_revoked,
    archive_viewed,
)
from jianfu.audit.events.base import (
    Category,
    data_exported,
    diff,
    logged_out,
    login_failed,
    login_succeeded,
    object_changed,
    object_created,
    object_deleted,
    personal_data_listed,
    personal_data_viewed,
)
from jianfu.audit.events.burden import (
    dispute_resolved,
    ledger_corrected,
    ledger_demo_loaded,
    ledger_disputed,
    ledger_recorded,
    physical_exam_recorded,
    proctor_adjusted,
    proctors_assigned,
    secondment_reminder_raised,
    secondment_returned,
    sub_venue_decided,
)
from jianfu.audit.events.datahub import (
    data_delivery_downloaded,
    data_request_fulfilled,
    field_values_answered,
)
from jianfu.audit.events.matters import (
    matter_attachment_added,
    matter_decided,
    matter_merged,
    matter_published,
    matter_reuse_recorded,
    matter_submitted,
)
from jianfu.audit.events.operations import backup_made, restore_done  # noqa: F401 - re-exported
from jianfu.audit.events.oversight import (
    accountability_recorded,
    case_escalated,
    case_stepped,
    evidence_downloaded,
    report_received,
)
from jianfu.audit.events.registry import (
    demo_data_loaded,
    import_job_failed,
    import_job_requeued,
    import_job_retried,
    people_imported,
)
from jianfu.audit.events.sharing import (
    student_export_decided,
    student_export_downloaded,
    student_export_saved,
    student_export_snapshot,
)

__all__ = [
    "Category",
    "accountability_recorded",
    "archive_entry_changed",
    "archive_entry_created",
    "archive_entry_reviewed",
    "archive_entry_submitted",
    "archive_file_added",
    "archive_file_downloaded",
    "archive_file_removed",
    "archive_grant_created",
    "archive_grant_revoked",
    "archive_viewed",
    "case_escalated",
    "case_stepped",
    "data_delivery_downloaded",
    "data_exported",
    "data_request_fulfilled",
    "demo_data_loaded",
    "diff",
    "dispute_resolved",
    "evidence_downloaded",
    "field_values_answered",
    "import_job_failed",
    "import_job_requeued",
    "import_job_retried",
    "ledger_corrected",
    "ledger_demo_loaded",
    "ledger_disputed",
    "ledger_recorded",
    "logged_out",
    "login_failed",
    "login_succeeded",
    "matter_attachment_added",
    "matter_decided",
    "matter_merged",
    "matter_published",
    "matter_reuse_recorded",
    "matter_submitted",
    "object_changed",
    "object_created",
    "object_deleted",
    "people_imported",
    "personal_data_listed",
    "personal_data_viewed",
    "physical_exam_recorded",
    "proctor_adjusted",
    "proctors_assigned",
    "report_received",
    "secondment_reminder_raised",
    "secondment_returned",
    "student_export_decided",
    "student_export_downloaded",
    "student_export_saved",
    "student_export_snapshot",
    "sub_venue_decided",
]
