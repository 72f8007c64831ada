"""Scope rules of oversight (measure 20): reports, their evidence, the cases handling them, and accountability.

A case belongs to the bureau it is routed to (`route_region`) and, once escalated, also to the one above
(`escalation_region`): the bureaus and supervisors whose area holds either region see it, the bureaus of those
two regions handle it, supervisors only read. A reporter sees their own reports made in their own name (never an
anonymous one: no account is kept to find it by; the tracking code is its only key). Nobody else sees a report,
not even the school it names, so that no one can work out who reported."""

from collections.abc import Callable

from django.db.models import Model, Q

from jianfu.accounts.models import User
from jianfu.accounts.scope.roles import AREA_WIDE, BUREAUS, NOTHING
from jianfu.oversight.models import AccountabilityRecord, Case, CaseStep, Evidence, Report


def _area_cases(user: User, prefix: str = "") -> Q:
    if user.role not in AREA_WIDE:
        return NOTHING
    area = user.area_region_codes
    return Q(**{f"{prefix}route_region__code__in": area}) | Q(
        **{f"{prefix}escalation_region__code__in": area}
    )


def _reports(user: User) -> Q:
    own = Q(reporter_id=user.pk, is_anonymous=False)
    area = _area_cases(user, "case__")
    return own if area == NOTHING else area | own


def _cases_editable(user: User) -> Q:
    if user.role in BUREAUS and user.region_id:
        return Q(route_region_id=user.region_id) | Q(escalation_region_id=user.region_id)
    return NOTHING


RULES: dict[type[Model], Callable[[User], Q]] = {
    Report: _reports,
    Case: _area_cases,
    CaseStep: lambda user: _area_cases(user, "case__"),
    Evidence: lambda user: _area_cases(user, "report__case__"),
    AccountabilityRecord: lambda user: _area_cases(user, "case__"),
}

EDIT_RULES: dict[type[Model], Callable[[User], Q]] = {
    Case: _cases_editable,
}
