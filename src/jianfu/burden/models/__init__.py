"""The burden ledger (append-only), disputes, workload thresholds and proctor assignments."""

from jianfu.burden.models.ledger import AppendOnlyLedgerError, Category, Dispute, LedgerEntry
from jianfu.burden.models.proctoring import ProctorAssignment, ProctoringRun
from jianfu.burden.models.workload import WorkloadSetting

__all__ = [
    "AppendOnlyLedgerError",
    "Category",
    "Dispute",
    "LedgerEntry",
    "ProctorAssignment",
    "ProctoringRun",
    "WorkloadSetting",
]
