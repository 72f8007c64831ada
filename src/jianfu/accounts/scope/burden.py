"""Scope rules of the burden ledger (measures 2-14): ledger entries and their monthly rollups, disputes,
proctoring, workload thresholds, secondment returns, sub-venue decisions, physical exams and wellbeing answers.

Most rows follow the school they were recorded at: a teacher's own, a school's teachers', an area's schools'.
`proctoring_runs` (a school's own rows, its area's for the bureaus and supervisors), `own_school_admin` and
`own_teacher` are shared with the data hub and the parent schools."""

from collections.abc import Callable

from django.db.models import Model, Q

from jianfu.accounts.models import Role, User
from jianfu.accounts.scope.matters import matters, own_region_of_bureau
from jianfu.accounts.scope.roles import AREA_WIDE, EVERYTHING, NOTHING
from jianfu.burden.models import (
    Dispute,
    LedgerEntry,
    OpenSecondment,
    PhysicalExam,
    ProctorAssignment,
    ProctoringRun,
    SecondmentReminder,
    SecondmentReturn,
    SubVenueDecision,
    WellbeingResponse,
    WorkloadSetting,
)
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
from jianfu.matters.models import Matter


def _burden_rows(user: User) -> Q:
    """Ledger entries, disputes and proctor assignments: a teacher's own, a school's teachers', an area's schools'
    (these rows carry the school at the time, so a transfer does not carry history to the new school)."""
    if user.role in AREA_WIDE:
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(teacher_id=user.teacher_id)
    return NOTHING


def proctoring_runs(user: User) -> Q:
    if user.role in AREA_WIDE:
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return NOTHING


def _region_rollups(user: User) -> Q:
    # A county's sums are the bureaus' and supervisors' of its area (schools read their own rollups).
    if user.role in AREA_WIDE:
        return Q(region__code__in=user.area_region_codes)
    return NOTHING


def _school_rollups(user: User) -> Q:
    # A school's sums by the county at the time of the write: the area's, and a school its own (the supervision
    # indicators of a school read its training hours here).
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return _region_rollups(user)


def own_school_admin(user: User) -> Q:
    # The school records its teachers' work, resolves their disputes and adjusts its proctors.
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return NOTHING


def own_teacher(user: User) -> Q:
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(teacher_id=user.teacher_id)
    return NOTHING


def _sub_venue_decisions(user: User) -> Q:
    # A decision on a meeting is seen by whoever sees the meeting.
    condition = matters(user)
    if condition == NOTHING:
        return NOTHING
    return Q(matter__in=Matter.objects.filter(condition).values("pk"))


def _wellbeing_responses(user: User) -> Q:
    """Anonymous WHO-5 answers, only ever read as aggregates of at least 10 (burden.selectors_wellbeing): the
    bureaus and supervisors of the area, a school's administrators for their school; never a teacher."""
    if user.role in AREA_WIDE:
        return Q(region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return NOTHING


def _open_secondments(user: User) -> Q:
    """Open secondments at the teacher's school now (kept by triggers, ADR 0010): the area's for the bureaus and
    supervisors, a school's own, a teacher's own; like the register, never a department's."""
    if user.role in AREA_WIDE:
        return Q(region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return own_teacher(user)


def _ledger_entries_editable(user: User) -> Q:
    # Never changed in place: a teacher may dispute their own entries, the school correct its teachers'.
    return own_teacher(user) if user.role == Role.TEACHER else own_school_admin(user)


RULES: dict[type[Model], Callable[[User], Q]] = {
    LedgerEntry: _burden_rows,
    # Monthly rollups of the ledger (dashboards): a school's sums to its area and itself, a teacher's like the rows.
    LedgerRollup: proctoring_runs,
    RegionLedgerRollup: _region_rollups,
    SchoolMonthWarnings: _region_rollups,  # per-school counts of teachers above threshold: no names
    TrainingRollup: _school_rollups,
    RegionTrainingRollup: _region_rollups,
    TeacherTrainingRollup: _burden_rows,
    TeacherLedgerRollup: _burden_rows,
    TeacherMonthRollup: _burden_rows,
    Dispute: _burden_rows,
    ProctorAssignment: _burden_rows,
    ProctoringRun: proctoring_runs,
    WorkloadSetting: lambda user: EVERYTHING,  # thresholds are policy, like the quota settings
    # Measure 14: returns and reminders follow the teacher's school (reminders go to the county and supervisors).
    SecondmentReturn: _burden_rows,
    SecondmentReminder: _burden_rows,
    OpenSecondment: _open_secondments,
    SubVenueDecision: _sub_venue_decisions,
    PhysicalExam: _burden_rows,
    WellbeingResponse: _wellbeing_responses,
    # UsedWellbeingToken has no rule on purpose: nobody lists the spent tokens.
}

EDIT_RULES: dict[type[Model], Callable[[User], Q]] = {
    # "Editable" ledger entries are those a user may dispute (a teacher) or correct (its school): never in place.
    LedgerEntry: _ledger_entries_editable,
    Dispute: own_school_admin,
    ProctorAssignment: own_school_admin,
    ProctoringRun: own_school_admin,
    WorkloadSetting: own_region_of_bureau,
    PhysicalExam: own_school_admin,  # the school records its teachers' examinations
}
