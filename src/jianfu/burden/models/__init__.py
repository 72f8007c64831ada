"""The burden ledger (append-only) and its monthly rollups, disputes, workload thresholds and proctor assignments."""

from jianfu.burden.models.ledger import AppendOnlyLedgerError, Category, Dispute, LedgerEntry
from jianfu.burden.models.proctoring import ProctorAssignment, ProctoringRun
from jianfu.burden.models.rollups import (
    LedgerRollup,
    RegionLedgerRollup,
    RegionTrainingRollup,
    SchoolMonthWarnings,
    TeacherLedgerRollup,
    TeacherMonthRollup,
    TeacherTrainingRollup,
    TrainingRollup,
)
from jianfu.burden.models.secondments import OpenSecondment, SecondmentReminder, SecondmentReturn
from jianfu.burden.models.trainings import SubVenueDecision
from jianfu.burden.models.wellbeing import PhysicalExam, UsedWellbeingToken, WellbeingResponse
from jianfu.burden.models.workload import WorkloadSetting

__all__ = [
    "AppendOnlyLedgerError",
    "Category",
    "Dispute",
    "LedgerEntry",
    "LedgerRollup",
    "OpenSecondment",
    "PhysicalExam",
    "ProctorAssignment",
    "ProctoringRun",
    "RegionLedgerRollup",
    "RegionTrainingRollup",
    "SchoolMonthWarnings",
    "SecondmentReminder",
    "SecondmentReturn",
    "SubVenueDecision",
    "TeacherLedgerRollup",
    "TeacherMonthRollup",
    "TeacherTrainingRollup",
    "TrainingRollup",
    "UsedWellbeingToken",
    "WellbeingResponse",
    "WorkloadSetting",
]
