"""Data scope: the one place that decides which rows of each model a user may see.

Every page, API endpoint and export goes through `visible_to`; `access_by_id` makes an object outside the
user's scope indistinguishable from a missing one (404). A model without a rule here is visible to nobody.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from jianfu.accounts.models import Role, User
from jianfu.audit.models import AuditEvent
from jianfu.policy.models import ConfirmedCase
from jianfu.registry.models import Department, Region, School, Student, Teacher

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


_RULES: dict[type[Model], Callable[[User], Q]] = {
    Region: lambda user: EVERYTHING,
    Department: lambda user: EVERYTHING,
    School: _schools,
    Teacher: _teachers,
    Student: _students,
    AuditEvent: _audit_events,
    ConfirmedCase: lambda user: EVERYTHING,  # confirmed violations by departments: no personal data
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


_EDIT_RULES: dict[type[Model], Callable[[User], Q]] = {Teacher: _teachers_editable}


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


def can_see(user, model: type[Model]) -> bool:
    """Whether `user` may see any row of `model` at all (used to show or hide menu entries)."""
    if not getattr(user, "is_authenticated", False):
        return model in _PUBLIC
    rule = _RULES.get(model)
    return rule is not None and rule(user) != NOTHING


def access_by_id(user, model: type[M], pk, *, for_change: bool = False) -> M:
    """Fetch one object for a user; out of scope and missing both raise Http404 (so do read-only ones
    when `for_change`)."""
    rows = editable_by(user, model) if for_change else visible_to(user, model)
    try:
        return rows.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
