"""Scope rules of the data that institutions request about teachers and students: the data hub's deliveries and
forms (measures 15-17), the teacher e-archive (measure 17), student data exports (measure 16) and the
parent-school sessions (measure 19).

`student_export_requester` and `archive_holder_rows` also serve the domain queries (jianfu.accounts.scope.domain)."""

from collections.abc import Callable

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from jianfu.accounts.models import Role, User
from jianfu.accounts.scope.burden import own_school_admin, own_teacher, proctoring_runs
from jianfu.accounts.scope.registry import teachers
from jianfu.accounts.scope.roles import AREA_WIDE, BUREAUS, EVERYTHING, MATTER_SUBMITTERS, NOTHING
from jianfu.archive.models import (
    EDITABLE_STATUSES,
    ArchiveAccessGrant,
    ArchiveEntry,
    ArchiveFile,
    EntryStatus,
)
from jianfu.datahub.models import CollectedField, DataDelivery, DeliveryTally, FieldTask, TeacherFieldValue
from jianfu.parentschools.models import ParentSchoolSession
from jianfu.registry.models import Teacher
from jianfu.sharing.models import StudentExportRequest


# Measure 16: student data goes from institution to institution (jianfu.sharing).
def student_export_requester(user: User) -> Q:
    """The requests of the user's institution: a department's users, or a school's administrators."""
    if user.role == Role.DEPARTMENT and user.department_id:
        return Q(requester_department_id=user.department_id)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(requester_school_id=user.school_id)
    return NOTHING


def _student_export_requests(user: User) -> Q:
    # The bureaus (who decide) and supervisors of the source schools' area see what was submitted there.
    if user.role in AREA_WIDE:
        return ~Q(status=StudentExportRequest.Status.DRAFT) & Q(route_region__code__in=user.area_region_codes)
    return student_export_requester(user)


def _student_export_requests_editable(user: User) -> Q:
    # The requesting institution changes its drafts; the bureau of the route region decides what awaits it.
    if user.role in BUREAUS and user.region_id:
        return Q(route_region_id=user.region_id, status=StudentExportRequest.Status.SUBMITTED)
    mine = student_export_requester(user)
    return NOTHING if mine == NOTHING else mine & Q(status=StudentExportRequest.Status.DRAFT)


# Measure 17: the teacher e-archive (jianfu.archive). Drafts are the teacher's own; the school sees what was
# submitted to it; the bureaus and supervisors of the area, and departments through an unexpired, unrevoked grant
# (checked at every call), read verified entries only.
def _archive_grants_active(user: User) -> QuerySet[ArchiveAccessGrant]:
    return ArchiveAccessGrant.objects.filter(
        department_id=user.department_id, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def archive_holder_rows(user: User) -> Q:
    """The teachers whose archive `user` may open."""
    if user.role == Role.DEPARTMENT and user.department_id:
        grants = _archive_grants_active(user)
        by_school = ArchiveAccessGrant.schools.through.objects.filter(archiveaccessgrant__in=grants)
        return Q(pk__in=grants.filter(teacher__isnull=False).values("teacher_id")) | Q(
            school_id__in=by_school.values("school_id")
        )
    return teachers(user)


def _archive_entries(user: User) -> Q:
    if user.role == Role.TEACHER and user.teacher_id:
        return Q(teacher_id=user.teacher_id)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(teacher__school_id=user.school_id) & ~Q(status=EntryStatus.DRAFT)
    if user.role in AREA_WIDE:
        return Q(status=EntryStatus.VERIFIED, teacher__school__region__code__in=user.area_region_codes)
    if user.role == Role.DEPARTMENT and user.department_id:
        holders = Teacher.objects.filter(archive_holder_rows(user)).values("pk")
        return Q(status=EntryStatus.VERIFIED, teacher__in=holders)
    return NOTHING


def _archive_files(user: User) -> Q:
    condition = _archive_entries(user)
    if condition == NOTHING:
        return NOTHING
    return Q(entry__in=ArchiveEntry.objects.filter(condition).values("pk"))


def _archive_grants(user: User) -> Q:
    # Grants of the bureaus of the area (supervisors read them); a department its own.
    if user.role in AREA_WIDE:
        return Q(region__code__in=user.area_region_codes)
    if user.role == Role.DEPARTMENT and user.department_id:
        return Q(department_id=user.department_id)
    return NOTHING


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
    if user.role in BUREAUS:
        return Q(region__code__in=user.area_region_codes)
    return NOTHING


# Measures 15-17: data requests answered from the registry first (jianfu.datahub).
def _data_deliveries(user: User) -> Q:
    """What the registry delivers for a data request goes to the requesting department alone (公对公授权)."""
    if user.role in MATTER_SUBMITTERS and user.department_id:
        return Q(matter__organizer_id=user.department_id)
    return NOTHING


def _delivery_tallies(user: User) -> Q:
    """Counts, no personal data: a requesting department its requests'; the bureaus and supervisors their area's;
    a school administrator their school's (the forms its teachers were spared, a supervision indicator)."""
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    own = _data_deliveries(user)
    own = NOTHING if own == NOTHING else Q(delivery__matter__organizer_id=user.department_id)
    if user.role in AREA_WIDE:
        area = Q(region__code__in=user.area_region_codes)
        return area if own == NOTHING else area | own
    return own


def _teacher_field_rows(user: User) -> Q:
    """Teachers' answers and forms follow the teacher: their own, their school's, their area's."""
    if user.role in AREA_WIDE:
        return Q(teacher__school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(teacher__school_id=user.school_id)
    return own_teacher(user)


RULES: dict[type[Model], Callable[[User], Q]] = {
    CollectedField: lambda user: EVERYTHING,  # a collected field's name and first request: no personal data
    TeacherFieldValue: _teacher_field_rows,
    FieldTask: _teacher_field_rows,
    DataDelivery: _data_deliveries,
    DeliveryTally: _delivery_tallies,
    StudentExportRequest: _student_export_requests,
    ParentSchoolSession: proctoring_runs,  # measure 19: a school's own sessions; the area's for bureaus
    ArchiveEntry: _archive_entries,
    ArchiveFile: _archive_files,
    ArchiveAccessGrant: _archive_grants,
}

EDIT_RULES: dict[type[Model], Callable[[User], Q]] = {
    TeacherFieldValue: own_teacher,  # a teacher answers their own data-request forms
    FieldTask: own_teacher,
    ArchiveEntry: _archive_entries_editable,
    ArchiveFile: _archive_files_editable,
    ArchiveAccessGrant: _archive_grants_editable,
    StudentExportRequest: _student_export_requests_editable,
    ParentSchoolSession: own_school_admin,  # the school records its parent-school sessions
}
