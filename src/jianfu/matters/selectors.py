"""Reads of Matters, always through the data scope (accounts.scope); the whitelist through scope.published."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.matters import codes, workflow
from jianfu.matters.models import AnnualPlan, Matter, PlanEntry, State

_RELATED = ("organizer", "route_region", "submitted_by")


def matter_list_visible_to(*, user, state: str = "", kind: str = "", query: str = "") -> QuerySet[Matter]:
    matters = scope.visible_to(user, Matter).select_related(*_RELATED)
    if state:
        matters = matters.filter(state=state)
    if kind:
        matters = matters.filter(kind=kind)
    if query:
        matters = matters.filter(title__icontains=query)
    return matters


def access_matter_by_id(*, user, matter_id) -> Matter:
    return scope.access_by_id(user, Matter, matter_id)


def inbox_for(*, user) -> QuerySet[Matter]:
    """What waits for this approver's step, oldest submission first."""
    if not getattr(user, "is_authenticated", False) or user.region_id is None:
        return Matter.objects.none()
    if user.role == Role.PARTY:
        states = workflow.PARTY_STATES
    elif (user.role, user.region.level) in ((Role.CITY_EDU, "city"), (Role.COUNTY_EDU, "county")):
        states = workflow.BUREAU_STATES
    else:
        return Matter.objects.none()
    return (
        scope.visible_to(user, Matter)
        .filter(route_region_id=user.region_id, state__in=states)
        .exclude(submitted_by=user)
        .select_related(*_RELATED)
        .order_by("submitted_at", "id")
    )


def may_decide(*, user, matter: Matter) -> bool:
    return workflow.actor_may_decide(user, matter)


def similar_visible_to(*, user, matter: Matter) -> list[dict]:
    """The similar Matters of the screening that this user may open (titles of others' drafts stay hidden)."""
    ids = [int(item["id"]) for item in matter.similar if str(item.get("id", "")).isdigit()]
    visible = set(scope.visible_to(user, Matter).filter(pk__in=ids).values_list("pk", flat=True))
    visible |= set(scope.published(Matter).filter(pk__in=ids).values_list("pk", flat=True))
    return [item for item in matter.similar if str(item.get("id")).isdigit() and int(item["id"]) in visible]


def whitelist(
    *,
    school_code: str = "",
    region_code: str = "",
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    query: str = "",
) -> QuerySet[Matter]:
    """Approved Matters, public: the newest approval first."""
    matters = (
        scope.published(Matter).select_related("organizer", "route_region").order_by("-decided_at", "-id")
    )
    if school_code:
        matters = matters.filter(pk__in=Matter.objects.filter(schools__code=school_code).values("pk"))
    if region_code:
        by_school = Matter.objects.filter(schools__region__code=region_code).values("pk")
        matters = matters.filter(Q(route_region__code=region_code) | Q(pk__in=by_school))
    if kind:
        matters = matters.filter(kind=kind)
    if date_from:
        matters = matters.filter(Q(ends_on__gte=date_from) | Q(ends_on__isnull=True))
    if date_to:
        matters = matters.filter(starts_on__lte=date_to)
    if query:
        matters = matters.filter(title__icontains=query)
    return matters


def verify(*, raw_code: str) -> tuple[str, Matter | None]:
    """('valid' | 'expired' | 'unknown', the Matter if the code names a published one)."""
    code = codes.normalize(raw_code)
    if not code:
        return "unknown", None
    matter = (
        scope.published(Matter)
        .select_related("organizer", "route_region")
        .prefetch_related("schools")
        .filter(verification_code=code)
        .first()
    )
    if matter is None:
        return "unknown", None
    if matter.ends_on is not None and matter.ends_on < timezone.localdate():
        return "expired", matter
    return "valid", matter


def published_plans() -> QuerySet[AnnualPlan]:
    return AnnualPlan.objects.filter(status=AnnualPlan.Status.PUBLISHED).select_related("region")


def plan_entries_for(*, department, year: int | None = None) -> QuerySet[PlanEntry]:
    entries = PlanEntry.objects.filter(department=department, plan__status=AnnualPlan.Status.PUBLISHED)
    if year:
        entries = entries.filter(plan__year=year)
    return entries.select_related("plan", "plan__region")


def timeline(*, matter: Matter):
    return matter.steps.select_related("actor").order_by("at", "id")


def matter_is_pending(matter: Matter) -> bool:
    return matter.state in (State.CONSULTATION, State.BUREAU_REVIEW, State.PARTY_REVIEW, State.PARTY_FILING)
