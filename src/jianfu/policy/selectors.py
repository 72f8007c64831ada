"""Reads of the case library through the data scope."""

from django.db.models import Q, QuerySet

from jianfu.accounts import scope
from jianfu.policy.models import ConfirmedCase


def confirmed_case_list_visible_to(
    *, user, query: str = "", measure: int | None = None
) -> QuerySet[ConfirmedCase]:
    cases = scope.visible_to(user, ConfirmedCase).select_related("confirmed_by")
    if measure:
        cases = cases.filter(measure=measure)
    if query:
        cases = cases.filter(Q(title__icontains=query) | Q(organizer_name__icontains=query))
    return cases
