"""The one pipeline's tables: Matters and their timeline, attachments, annual plans, quotas and exam weeks."""

from jianfu.matters.models.calendar import CalendarFeed
from jianfu.matters.models.matter import Attachment, Chain, Kind, Matter, MatterStep, State
from jianfu.matters.models.plans import AnnualPlan, PlanEntry
from jianfu.matters.models.quotas import ExamWeek, QuotaCounter, QuotaSetting

__all__ = [
    "AnnualPlan",
    "Attachment",
    "CalendarFeed",
    "Chain",
    "ExamWeek",
    "Kind",
    "Matter",
    "MatterStep",
    "PlanEntry",
    "QuotaCounter",
    "QuotaSetting",
    "State",
]
