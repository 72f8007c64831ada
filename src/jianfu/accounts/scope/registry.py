"""Scope rules of the registry: regions, departments, schools, teachers and students; the audit log; the record
groups imported from the national system and the import jobs.

`schools` and `teachers` are shared: other rules (exam weeks, the e-archive) follow whoever sees the school or
the teacher."""

from collections.abc import Callable

from django.db.models import Model, Q

from jianfu.accounts.models import Role, User
from jianfu.accounts.scope.roles import AREA_SCHOOLS, AREA_WIDE, EVERYTHING, NOTHING, OWN_SCHOOL
from jianfu.audit.models import AuditEvent
from jianfu.imports.models import (
    AppraisalRecord,
    ImportJob,
    QualificationRecord,
    TeachingRecord,
    TrainingRecord,
)
from jianfu.registry.models import Department, Region, School, Student, Teacher


def schools(user: User) -> Q:
    if user.role in AREA_SCHOOLS:
        return Q(region__code__in=user.area_region_codes)
    if user.role in OWN_SCHOOL:
        return Q(pk=user.school_id)
    return NOTHING


def teachers(user: User) -> Q:
    if user.role in AREA_WIDE:
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN:
        return Q(school_id=user.school_id)
    if user.role == Role.TEACHER:
        return Q(pk=user.teacher_id)
    return NOTHING


def _students(user: User) -> Q:
    if user.role in AREA_WIDE:
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN:
        return Q(school_id=user.school_id)
    return NOTHING


def _audit_events(user: User) -> Q:
    # 三员分立 (ADR 0009): the audit administrator reads the whole log, the other administrators' actions too.
    if user.role == Role.AUDIT_ADMIN:
        return EVERYTHING
    if user.role != Role.SUPERVISOR:
        return NOTHING
    area = Q(region_code__in=user.area_region_codes)
    # Events tied to no region (failed logins, system jobs) belong to the city-level supervisors.
    if user.region is not None and user.region.level == "city":
        area |= Q(region_code="")
    return area


def _teacher_records(user: User) -> Q:
    """A teacher's record groups from the national system (imports): whoever may see the teacher."""
    condition = teachers(user)
    if condition == NOTHING:
        return NOTHING
    return Q(teacher__in=Teacher.objects.filter(condition).values("pk"))


def _teachers_editable(user: User) -> Q:
    # Supervisors read everything in their area and change nothing; teachers' records come from the registry.
    if user.role in (Role.CITY_EDU, Role.COUNTY_EDU):
        return Q(school__region__code__in=user.area_region_codes)
    if user.role == Role.SCHOOL_ADMIN:
        return Q(school_id=user.school_id)
    return NOTHING


RULES: dict[type[Model], Callable[[User], Q]] = {
    Region: lambda user: EVERYTHING,
    Department: lambda user: EVERYTHING,
    School: schools,
    Teacher: teachers,
    Student: _students,
    AuditEvent: _audit_events,
    # Measures 15-17: the record groups follow their teacher; an import job (with its error report) is its uploader's.
    TeachingRecord: _teacher_records,
    TrainingRecord: _teacher_records,
    QualificationRecord: _teacher_records,
    AppraisalRecord: _teacher_records,
    ImportJob: lambda user: Q(created_by_id=user.pk),
}

EDIT_RULES: dict[type[Model], Callable[[User], Q]] = {
    Teacher: _teachers_editable,
}

# What someone who is not logged in may see.
PUBLIC = {Region}
