"""Data scope: the one place that decides which rows of each model a user may see.

Every page, API endpoint and export goes through `visible_to`; `access_by_id` makes an object outside the
user's scope indistinguishable from a missing one (404). A model without a rule here is visible to nobody.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jianfu.accounts.models import Role, User
from jianfu.archive.models import (
    EDITABLE_STATUSES,
    ArchiveAccessGrant,
    ArchiveEntry,
    ArchiveFile,
    EntryStatus,
)
from jianfu.audit.models import AuditEvent
from jianfu.burden.models import (
    Dispute,
    LedgerEntry,
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
    SchoolMonthWarnings,
    TeacherLedgerRollup,
    TeacherMonthRollup,
    TeacherTrainingRollup,
    TrainingRollup,
)
from jianfu.datahub.models import CollectedField, DataDelivery, DeliveryTally, FieldTask, TeacherFieldValue
from jianfu.imports.models import (
    AppraisalRecord,
    ImportJob,
    QualificationRecord,
    TeachingRecord,
    TrainingRecord,
)
from jianfu.matters.models import (
    AnnualPlan,
    CalendarFeed,
    ExamWeek,
    Kind,
    Matter,
    PlanEntry,
    QuotaSetting,
    State,
)
from jianfu.matters.models.matter import EDITABLE_STATES
from jianfu.parentschools.models import ParentSchoolSession
from jianfu.policy.models import ConfirmedCase
from jianfu.registry.models import Department, Region, School, Student, Teacher
from jianfu.sharing.models import StudentExportRequest

M = TypeVar("M", bound=Model)

NOTHING = Q(pk__in=[])
EVERYTHING = Q()

# Roles whose reach is their whole area (a city user's area includes its counties).
_AREA_WIDE = {Role.CITY_EDU, Role.COUNTY_EDU, Role.SUPERVISOR}
# Roles that see the schools of their area (to address demands), but no personal data.
_AREA_SCHOOLS = _AREA_WIDE | {Role.PARTY, Role.DEPARTMENT}
_OWN_SCHOOL = {Role.SCHOOL_ADMIN, Role.TEACHER}


def _schools(user: User) -> Q:
    if user.role in _AREA_SCHOOLS:
        return Q(region__code__in=user.area_region_codes)
    if user.role in _OWN_SCHOOL:
        return Q(pk=user.school_id)
    return NOTHING


def _teachers(user: User) -> Q:
    if user.role in _AREA_WIDE:
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN:
        return Q(school_id=user.school_id)
    if user.role == Role.TEACHER:
        return Q(pk=user.teacher_id)
    return NOTHING


def _students(user: User) -> Q:
    if user.role in _AREA_WIDE:
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN:
        return Q(school_id=user.school_id)
    return NOTHING


def _audit_events(user: User) -> Q:
    if user.role != Role.SUPERVISOR:
        return NOTHING
    area = Q(region_code__in=user.area_region_codes)
    # Events tied to no region (failed logins, system jobs) belong to the city-level supervisors.
    if user.region is not None and user.region.level == "city":
        area |= Q(region_code="")
    return area


# Who may submit Matters on behalf of their department (party committees and supervisors approve and oversee).
MATTER_SUBMITTERS = {Role.DEPARTMENT, Role.CITY_EDU, Role.COUNTY_EDU}


def _matters_concerning(region_codes) -> Q:
    """Matters routed to one of these regions or concerning one of their schools (a subquery: no duplicate rows)."""
    by_school = Matter.objects.filter(schools__region__code__in=region_codes).values("pk")
    return Q(route_region__code__in=region_codes) | Q(pk__in=by_school)


def _matters(user: User) -> Q:
    own = (
        Q(organizer_id=user.department_id)
        if user.department_id and user.role in MATTER_SUBMITTERS
        else NOTHING
    )
    if user.role == Role.DEPARTMENT:
        return own
    if user.role in _AREA_WIDE:
        # Bureaus: what is routed to their area or concerns their schools, once submitted; supervisors read it.
        area = ~Q(state=State.DRAFT) & _matters_concerning(user.area_region_codes)
        return area | own if own != NOTHING else area
    if user.role == Role.PARTY and user.region_id:
        # What has reached the party committee of its level (awaiting it, or decided by it).
        return Q(route_region_id=user.region_id, party_reached_at__isnull=False)
    if user.role in _OWN_SCHOOL and user.school_id:
        return Q(state=State.APPROVED, pk__in=Matter.objects.filter(schools=user.school_id).values("pk"))
    return NOTHING


# Annual plans (measure 1): published plans are public; the bureaus see their area's plans while they are open,
# and a department the plan of its own region, into which it files.
_PLAN_PUBLISHED = Q(status=AnnualPlan.Status.PUBLISHED)
_BUREAUS = {Role.CITY_EDU, Role.COUNTY_EDU}


def _annual_plans(user: User) -> Q:
    if user.role in _AREA_WIDE:
        return _PLAN_PUBLISHED | Q(region__code__in=user.area_region_codes)
    if user.role == Role.DEPARTMENT and user.department_id:
        return _PLAN_PUBLISHED | Q(region_id=user.department.region_id)
    return _PLAN_PUBLISHED


def _plan_entries(user: User) -> Q:
    published = Q(plan__status=AnnualPlan.Status.PUBLISHED)
    if user.role in _AREA_WIDE:
        return published | Q(plan__region__code__in=user.area_region_codes)
    if user.role == Role.DEPARTMENT and user.department_id:
        return published | Q(department_id=user.department_id)
    return published


def _exam_weeks(user: User) -> Q:
    # Exam weeks hold no personal data: whoever sees the school sees when it holds its exams.
    condition = _schools(user)
    if condition == NOTHING:
        return NOTHING
    return Q(school__in=School.objects.filter(condition).values("pk"))


def _calendar_feeds(user: User) -> Q:
    """A school's feed belongs to its school administrators, a teacher's to that teacher."""
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(teacher_id=user.teacher_id)
    return NOTHING


def _burden_rows(user: User) -> Q:
    """Ledger entries, disputes and proctor assignments: a teacher's own, a school's teachers', an area's schools'
    (these rows carry the school at the time, so a transfer does not carry history to the new school)."""
    if user.role in _AREA_WIDE:
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(teacher_id=user.teacher_id)
    return NOTHING


def _proctoring_runs(user: User) -> Q:
    if user.role in _AREA_WIDE:
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return NOTHING


def _region_rollups(user: User) -> Q:
    # A county's sums are the bureaus' and supervisors' of its area (schools read their own rollups).
    if user.role in _AREA_WIDE:
        return Q(region__code__in=user.area_region_codes)
    return NOTHING


def _own_school_admin(user: User) -> Q:
    # The school records its teachers' work, resolves their disputes and adjusts its proctors.
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return NOTHING


def _own_teacher(user: User) -> Q:
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(teacher_id=user.teacher_id)
    return NOTHING


def _sub_venue_decisions(user: User) -> Q:
    # A decision on a meeting is seen by whoever sees the meeting.
    condition = _matters(user)
    if condition == NOTHING:
        return NOTHING
    return Q(matter__in=Matter.objects.filter(condition).values("pk"))


def _teacher_records(user: User) -> Q:
    """A teacher's record groups from the national system (imports): whoever may see the teacher."""
    condition = _teachers(user)
    if condition == NOTHING:
        return NOTHING
    return Q(teacher__in=Teacher.objects.filter(condition).values("pk"))


def _wellbeing_responses(user: User) -> Q:
    """Anonymous WHO-5 answers, only ever read as aggregates of at least 10 (burden.selectors_wellbeing): the
    bureaus and supervisors of the area, a school's administrators for their school; never a teacher."""
    if user.role in _AREA_WIDE:
        return Q(region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return NOTHING


# Measure 16: student data goes from institution to institution (jianfu.sharing).
def _student_export_requester(user: User) -> Q:
    """The requests of the user's institution: a department's users, or a school's administrators."""
    if user.role == Role.DEPARTMENT and user.department_id:
        return Q(requester_department_id=user.department_id)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(requester_school_id=user.school_id)
    return NOTHING


def _student_export_requests(user: User) -> Q:
    # The bureaus (who decide) and supervisors of the source schools' area see what was submitted there.
    if user.role in _AREA_WIDE:
        return ~Q(status=StudentExportRequest.Status.DRAFT) & Q(route_region__code__in=user.area_region_codes)
    return _student_export_requester(user)


def _student_export_requests_editable(user: User) -> Q:
    # The requesting institution changes its drafts; the bureau of the route region decides what awaits it.
    if user.role in _BUREAUS and user.region_id:
        return Q(route_region_id=user.region_id, status=StudentExportRequest.Status.SUBMITTED)
    mine = _student_export_requester(user)
    return NOTHING if mine == NOTHING else mine & Q(status=StudentExportRequest.Status.DRAFT)


# Measure 17: the teacher e-archive (jianfu.archive). Drafts are the teacher's own; the school sees what was
# submitted to it; the bureaus and supervisors of the area, and departments through an unexpired, unrevoked grant
# (checked at every call), read verified entries only.
def _archive_grants_active(user: User) -> QuerySet[ArchiveAccessGrant]:
    return ArchiveAccessGrant.objects.filter(
        department_id=user.department_id, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def _archive_holders(user: User) -> Q:
    """The teachers whose archive `user` may open."""
    if user.role == Role.DEPARTMENT and user.department_id:
        grants = _archive_grants_active(user)
        by_school = ArchiveAccessGrant.schools.through.objects.filter(archiveaccessgrant__in=grants)
        return Q(pk__in=grants.filter(teacher__isnull=False).values("teacher_id")) | Q(
            school_id__in=by_school.values("school_id")
        )
    return _teachers(user)


def _archive_entries(user: User) -> Q:
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(teacher_id=user.teacher_id)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(teacher__school_id=user.school_id) & ~Q(status=EntryStatus.DRAFT)
    if user.role in _AREA_WIDE:
        return Q(status=EntryStatus.VERIFIED, teacher__school__region__code__in=user.area_region_codes)
    if user.role == Role.DEPARTMENT and user.department_id:
        holders = Teacher.objects.filter(_archive_holders(user)).values("pk")
        return Q(status=EntryStatus.VERIFIED, teacher__in=holders)
    return NOTHING


def _archive_files(user: User) -> Q:
    condition = _archive_entries(user)
    if condition == NOTHING:
        return NOTHING
    return Q(entry__in=ArchiveEntry.objects.filter(condition).values("pk"))


def _archive_grants(user: User) -> Q:
    # Grants of the bureaus of the area (supervisors read them); a department its own.
    if user.role in _AREA_WIDE:
        return Q(region__code__in=user.area_region_codes)
    if user.role == Role.DEPARTMENT and user.department_id:
        return Q(department_id=user.department_id)
    return NOTHING


# Measures 15-17: data requests answered from the registry first (jianfu.datahub).
def _data_deliveries(user: User) -> Q:
    """What the registry delivers for a data request goes to the requesting department alone (公对公授权)."""
    if user.role in MATTER_SUBMITTERS and user.department_id:
        return Q(matter__organizer_id=user.department_id)
    return NOTHING


def _delivery_tallies(user: User) -> Q:
    """Counts, no personal data: a requesting department its requests'; the bureaus and supervisors their area's."""
    own = _data_deliveries(user)
    own = NOTHING if own == NOTHING else Q(delivery__matter__organizer_id=user.department_id)
    if user.role in _AREA_WIDE:
        area = Q(region__code__in=user.area_region_codes)
        return area if own == NOTHING else area | own
    return own


def _teacher_field_rows(user: User) -> Q:
    """Teachers' answers and forms follow the teacher: their own, their school's, their area's."""
    if user.role in _AREA_WIDE:
        return Q(teacher__school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(teacher__school_id=user.school_id)
    return _own_teacher(user)


_RULES: dict[type[Model], Callable[[User], Q]] = {
    Region: lambda user: EVERYTHING,
    Department: lambda user: EVERYTHING,
    School: _schools,
    Teacher: _teachers,
    Student: _students,
    AuditEvent: _audit_events,
    Matter: _matters,
    ConfirmedCase: lambda user: EVERYTHING,  # confirmed violations by departments: no personal data
    AnnualPlan: _annual_plans,
    PlanEntry: _plan_entries,
    QuotaSetting: lambda user: EVERYTHING,  # the year's limits are policy, the same for everyone to read
    ExamWeek: _exam_weeks,
    CalendarFeed: _calendar_feeds,
    LedgerEntry: _burden_rows,
    # Monthly rollups of the ledger (dashboards): a school's sums to its area and itself, a teacher's like the rows.
    LedgerRollup: _proctoring_runs,
    RegionLedgerRollup: _region_rollups,
    SchoolMonthWarnings: _region_rollups,  # per-school counts of teachers above threshold: no names
    TrainingRollup: _region_rollups,
    TeacherTrainingRollup: _burden_rows,
    TeacherLedgerRollup: _burden_rows,
    TeacherMonthRollup: _burden_rows,
    Dispute: _burden_rows,
    ProctorAssignment: _burden_rows,
    ProctoringRun: _proctoring_runs,
    WorkloadSetting: lambda user: EVERYTHING,  # thresholds are policy, like the quota settings
    # Measure 14: returns and reminders follow the teacher's school (reminders go to the county and supervisors).
    SecondmentReturn: _burden_rows,
    SecondmentReminder: _burden_rows,
    SubVenueDecision: _sub_venue_decisions,
    PhysicalExam: _burden_rows,
    WellbeingResponse: _wellbeing_responses,
    CollectedField: lambda user: EVERYTHING,  # a collected field's name and first request: no personal data
    TeacherFieldValue: _teacher_field_rows,
    FieldTask: _teacher_field_rows,
    DataDelivery: _data_deliveries,
    DeliveryTally: _delivery_tallies,
    StudentExportRequest: _student_export_requests,
    ParentSchoolSession: _proctoring_runs,  # measure 19: a school's own sessions; the area's for bureaus
    # Measures 15-17: the record groups follow their teacher; an import job (with its error report) is its uploader's.
    TeachingRecord: _teacher_records,
    TrainingRecord: _teacher_records,
    QualificationRecord: _teacher_records,
    AppraisalRecord: _teacher_records,
    ImportJob: lambda user: Q(created_by_id=user.pk),
    ArchiveEntry: _archive_entries,
    ArchiveFile: _archive_files,
    ArchiveAccessGrant: _archive_grants,
    # UsedWellbeingToken has no rule on purpose: nobody lists the spent tokens.
}
# What someone who is not logged in may see.
_PUBLIC = {Region}


def _teachers_editable(user: User) -> Q:
    # Supervisors read everything in their area and change nothing; teachers' records come from the registry.
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU):
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN:
        return Q(school_id=user.school_id)
    return NOTHING


def _matters_editable(user: User) -> Q:
    # Only the submitting department, and only while the Matter is a draft or was sent back to it.
    if user.role in MATTER_SUBMITTERS and user.department_id:
        return Q(organizer_id=user.department_id, state__in=EDITABLE_STATES)
    return NOTHING


def _own_region_of_bureau(user: User) -> Q:
    # A bureau changes only what belongs to its own level: the city's bureau the city's row, a county's its own.
    if user.role in _BUREAUS and user.region_id:
        return Q(region_id=user.region_id)
    return NOTHING


def _exam_weeks_editable(user: User) -> Q:
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return NOTHING


def _ledger_entries_editable(user: User) -> Q:
    # Never changed in place: a teacher may dispute their own entries, the school correct its teachers'.
    return _own_teacher(user) if user.role == Role.TEACHER else _own_school_admin(user)


def _archive_entries_editable(user: User) -> Q:
    # The teacher their own (a verified entry changes only through a new version); the school what awaits review.
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(teacher_id=user.teacher_id)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(teacher__school_id=user.school_id, status=EntryStatus.SUBMITTED)
    return NOTHING


def _archive_files_editable(user: User) -> Q:
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(entry__teacher_id=user.teacher_id, entry__status__in=EDITABLE_STATUSES)
    return NOTHING


def _archive_grants_editable(user: User) -> Q:
    # A bureau revokes the grants of its area; supervisors only read them.
    if user.role in _BUREAUS:
        return Q(region__code__in=user.area_region_codes)
    return NOTHING


_EDIT_RULES: dict[type[Model], Callable[[User], Q]] = {
    Teacher: _teachers_editable,
    Matter: _matters_editable,
    AnnualPlan: _own_region_of_bureau,
    QuotaSetting: _own_region_of_bureau,
    ExamWeek: _exam_weeks_editable,
    CalendarFeed: _calendar_feeds,
    # "Editable" ledger entries are those a user may dispute (a teacher) or correct (its school): never in place.
    LedgerEntry: _ledger_entries_editable,
    Dispute: _own_school_admin,
    ProctorAssignment: _own_school_admin,
    ProctoringRun: _own_school_admin,
    WorkloadSetting: _own_region_of_bureau,
    PhysicalExam: _own_school_admin,  # the school records its teachers' examinations
    TeacherFieldValue: _own_teacher,  # a teacher answers their own data-request forms
    FieldTask: _own_teacher,
    ArchiveEntry: _archive_entries_editable,
    ArchiveFile: _archive_files_editable,
    ArchiveAccessGrant: _archive_grants_editable,
    StudentExportRequest: _student_export_requests_editable,
    ParentSchoolSession: _own_school_admin,  # the school records its parent-school sessions
}

# What is published to everyone, logged in or not (the whitelist of approved Matters).
_PUBLISHED: dict[type[Model], Q] = {
    Matter: Q(state=State.APPROVED),
    AnnualPlan: _PLAN_PUBLISHED,
    PlanEntry: Q(plan__status=AnnualPlan.Status.PUBLISHED),
}


def visible_to(user, model: type[M]) -> QuerySet[M]:
    """The rows of `model` that `user` (possibly anonymous) may see."""
    queryset = model._default_manager.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset if model in _PUBLIC else queryset.none()
    rule = _RULES.get(model)
    if rule is None:
        return queryset.none()
    condition = rule(user)
    if condition == NOTHING:
        return queryset.none()
    return queryset.filter(condition)


def editable_by(user, model: type[M]) -> QuerySet[M]:
    """The rows of `model` that `user` may change; always a subset of what they may see."""
    queryset = visible_to(user, model)
    rule = _EDIT_RULES.get(model)
    if rule is None or not getattr(user, "is_authenticated", False):
        return queryset.none()
    condition = rule(user)
    return queryset.none() if condition == NOTHING else queryset.filter(condition)


def published(model: type[M]) -> QuerySet[M]:
    """The rows of `model` that are public by policy (the whitelist), for anyone."""
    condition = _PUBLISHED.get(model)
    queryset = model._default_manager.all()
    return queryset.filter(condition) if condition is not None else queryset.none()


def readable(user, model: type[M]) -> QuerySet[M]:
    """What `user` (possibly anonymous) sees plus what is public by policy, e.g. the published annual plans."""
    condition = _PUBLISHED.get(model)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return published(model)
    rule = _RULES.get(model)
    mine = rule(user) if rule is not None else NOTHING
    if condition is not None:
        mine = condition if mine == NOTHING else mine | condition
    queryset = model._default_manager.all()
    return queryset.none() if mine == NOTHING else queryset.filter(mine)


def can_see(user, model: type[Model]) -> bool:
    """Whether `user` may see any row of `model` at all (used to show or hide menu entries)."""
    if not getattr(user, "is_authenticated", False):
        return model in _PUBLIC
    rule = _RULES.get(model)
    return rule is not None and rule(user) != NOTHING


def access_by_id(user, model: type[M], pk, *, for_change: bool = False, public: bool = False) -> M:
    """Fetch one object for a user; out of scope and missing both raise Http404 (so do read-only ones
    when `for_change`). With `public`, what is published by policy counts as in scope (`readable`)."""
    if for_change:
        rows = editable_by(user, model)
    else:
        rows = readable(user, model) if public else visible_to(user, model)
    try:
        return rows.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def secondment_register(user) -> QuerySet[Matter]:
    """Measure 14: the approved secondments (Matters) of the teachers `user` may see: a teacher their own, a
    school its teachers', the bureaus and supervisors their area's. Who is seconded is personal data, so a
    department or party committee sees its Matters but not this register."""
    teachers = visible_to(user, Teacher)
    return visible_to(user, Matter).filter(
        kind=Kind.SECONDMENT, state=State.APPROVED, teacher__in=teachers.values("pk")
    )


def secondment_returns_recordable_by(user) -> QuerySet[Matter]:
    """The secondments whose return `user` may record: the school administrators of the teacher's school, and the
    education bureaus of its area (supervisors read only)."""
    rows = secondment_register(user)
    if getattr(user, "role", None) == Role.SCHOOL_ADMIN and user.school_id:
        return rows.filter(teacher__school_id=user.school_id)
    if getattr(user, "role", None) in _BUREAUS:
        return rows.filter(teacher__school__region__code__in=user.area_region_codes)
    return rows.none()


def student_export_sources(user) -> QuerySet[School]:
    """Measure 16: the schools whose students an institution may ask for: a department those of its area; a
    school (for transfers) any other school of its city. Nobody else requests."""
    role = getattr(user, "role", None)
    if role == Role.DEPARTMENT and user.department_id:
        return visible_to(user, School)
    if role == Role.SCHOOL_ADMIN and user.school_id:
        own = user.school.region
        city_id = own.parent_id or own.pk
        schools = School.objects.filter(Q(region_id=city_id) | Q(region__parent_id=city_id))
        return schools.exclude(pk=user.school_id)
    return School.objects.none()


def student_exports_receivable_by(user) -> QuerySet[StudentExportRequest]:
    """The approved, unexpired requests whose file the user's institution (the requester only) may download."""
    mine = _student_export_requester(user) if getattr(user, "is_authenticated", False) else NOTHING
    if mine == NOTHING:
        return StudentExportRequest.objects.none()
    return visible_to(user, StudentExportRequest).filter(
        mine, status=StudentExportRequest.Status.APPROVED, expires_on__gte=timezone.localdate()
    )


def students_released_by(user, export_id) -> QuerySet[Student]:
    """The students of the schools an approved, unexpired request names, for the institution that asked (which
    otherwise sees no student at all); nothing for anyone else."""
    released = student_exports_receivable_by(user).filter(pk=export_id)
    sources = StudentExportRequest.schools.through.objects.filter(studentexportrequest__in=released)
    return Student.objects.filter(school__in=sources.values("school_id"))


# The audit actions that read a teacher's archive or registry record (objects of type registry.teacher).
ARCHIVE_READ_ACTIONS = ("archive.view", "archive.download", "teacher.view")


def archive_holders(user) -> QuerySet[Teacher]:
    """Measure 17: the teachers whose e-archive `user` may open: a teacher their own, a school its teachers, the
    bureaus and supervisors their area's, a department those of its unexpired, unrevoked grants."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Teacher.objects.none()
    condition = _archive_holders(user)
    return Teacher.objects.none() if condition == NOTHING else Teacher.objects.filter(condition)


def archive_reads_of_own(user) -> QuerySet[AuditEvent]:
    """A teacher's "谁查看了我的档案": the audited reads of their archive and registry record by anyone else."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.TEACHER or not user.teacher_id:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        category=AuditEvent.Category.READ,
        object_type="registry.teacher",
        object_id=str(user.teacher_id),
        action__in=ARCHIVE_READ_ACTIONS,
    ).exclude(actor_id=user.pk)
