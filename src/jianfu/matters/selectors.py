"""Reads of Matters, always through the data scope (accounts.scope); the whitelist through scope.published."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.matters import calendar, codes, merging, quotas, workflow
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
from jianfu.registry.models import School

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


def readable_matters(*, user) -> QuerySet[Matter]:
    """What the user may see plus the public whitelist (e.g. another body's approved Matter one merges into)."""
    return scope.readable(user, Matter).select_related("organizer")


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


def plan_entries_for(*, department, year: int | None = None) -> QuerySet[PlanEntry]:
    entries = scope.published(PlanEntry).filter(department=department)
    if year:
        entries = entries.filter(plan__year=year)
    return entries.select_related("plan", "plan__region")


def timeline(*, matter: Matter):
    return matter.steps.select_related("actor").order_by("at", "id")


def matter_is_pending(matter: Matter) -> bool:
    return matter.state in (State.CONSULTATION, State.BUREAU_REVIEW, State.PARTY_REVIEW, State.PARTY_FILING)


# --- annual plans (measure 1) ------------------------------------------------------------------------------

PLAN_BUREAUS = (Role.CITY_EDU, Role.COUNTY_EDU)
PLAN_FILERS = (Role.DEPARTMENT, *PLAN_BUREAUS)


def plan_list_for(*, user, year: int | None = None) -> QuerySet[AnnualPlan]:
    """Published plans for everyone (logged in or not), plus the open ones the scope shows this user."""
    plans = scope.readable(user, AnnualPlan).select_related("region").annotate(entry_count=Count("entries"))
    if year:
        plans = plans.filter(year=year)
    return plans.order_by("-year", "region__code")


def access_plan_by_id(*, user, plan_id) -> AnnualPlan:
    return scope.access_by_id(user, AnnualPlan, plan_id, public=True)


def plan_entries_of(*, user, plan: AnnualPlan) -> QuerySet[PlanEntry]:
    return (
        scope.readable(user, PlanEntry)
        .filter(plan=plan)
        .select_related("department")
        .order_by("planned_month", "department__name", "id")
    )


def may_open_plan(*, user) -> bool:
    return (
        getattr(user, "is_authenticated", False) and user.role in PLAN_BUREAUS and user.region_id is not None
    )


def may_publish_plan(*, user, plan: AnnualPlan) -> bool:
    return (
        plan.status == AnnualPlan.Status.OPEN
        and getattr(user, "is_authenticated", False)
        and scope.editable_by(user, AnnualPlan).filter(pk=plan.pk).exists()
    )


def may_file_into(*, user, plan: AnnualPlan) -> bool:
    """Whether the plan takes entries from this user's department now (services.plans decides finally)."""
    if plan.status != AnnualPlan.Status.OPEN or not getattr(user, "is_authenticated", False):
        return False
    if user.role not in PLAN_FILERS or user.department_id is None:
        return False
    if plan.window_closes_on and timezone.localdate() > plan.window_closes_on:
        return False
    return user.department.region_id == plan.region_id


# --- quotas and exam weeks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectiveQuota:
    """What applies to a region in a year and where it comes from ('own', 'city' or 'default')."""

    setting: QuotaSetting
    source: str


def effective_quota(*, region, year: int) -> EffectiveQuota:
    setting = quotas.setting_for(year=year, region=region)
    if setting.pk is None:
        return EffectiveQuota(setting, "default")
    return EffectiveQuota(setting, "own" if setting.region_id == region.pk else "city")


def quota_settings_visible_to(*, user) -> QuerySet[QuotaSetting]:
    return scope.visible_to(user, QuotaSetting).select_related("region").order_by("-year", "region__code")


def exam_weeks_visible_to(*, user) -> QuerySet[ExamWeek]:
    return (
        scope.visible_to(user, ExamWeek)
        .select_related("school", "school__region")
        .order_by("-starts_on", "school__code", "id")
    )


# --- calendar feeds ----------------------------------------------------------------------------------------


def calendar_feed_of(*, user) -> CalendarFeed | None:
    return scope.visible_to(user, CalendarFeed).select_related("school", "teacher").first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    """The feed a URL token opens (no login: the signed token is the credential), or None."""
    nonce = calendar.nonce_from(token)
    if not nonce:
        return None
    return (
        CalendarFeed.objects.select_related("school", "teacher", "teacher__school")
        .filter(nonce=nonce)
        .first()
    )


def calendar_matters_for(*, school_id: int | None = None, teacher=None) -> QuerySet[Matter]:
    """Approved Matters (public by policy, scope.published) concerning a school or one of its teachers: the
    school's inspections, campus activities, social exams, meetings and trainings; for a teacher those that
    involve teachers, and their own secondments. Finished ones drop out after a year."""
    since = timezone.localdate() - dt.timedelta(days=calendar.HISTORY_DAYS)
    matters = (
        scope.published(Matter)
        .filter(starts_on__isnull=False)
        .filter(Q(ends_on__gte=since) | Q(ends_on__isnull=True, starts_on__gte=since))
    )
    if teacher is not None:
        at_school = Matter.objects.filter(schools=teacher.school_id).values("pk")
        matters = matters.filter(
            Q(kind__in=calendar.CALENDAR_KINDS, pk__in=at_school, payload__targets__teachers=True)
            | Q(kind=Kind.SECONDMENT, teacher_id=teacher.pk)
        )
    else:
        at_school = Matter.objects.filter(schools=school_id).values("pk")
        matters = matters.filter(kind__in=calendar.CALENDAR_KINDS, pk__in=at_school)
    return matters.select_related("organizer").order_by("starts_on", "id")


def calendar_matters_of_feed(feed: CalendarFeed) -> QuerySet[Matter]:
    if feed.teacher_id:
        return calendar_matters_for(teacher=feed.teacher)
    return calendar_matters_for(school_id=feed.school_id)


# --- similar Matters side by side (merging and reuse, measures 2 and 12) -----------------------------------


@dataclass(frozen=True)
class SimilarRow:
    matter: Matter
    score: float
    reason: str
    merge_refusal: str | None
    reuse_refusal: str | None


def similar_side_by_side(*, user, matter: Matter) -> list[SimilarRow]:
    """The similar Matters this user may open, in the screening's order, with what merging into each or
    reusing each would meet (None: allowed)."""
    items = similar_visible_to(user=user, matter=matter)
    rows = (
        Matter.objects.filter(pk__in=[int(item["id"]) for item in items])
        .select_related("organizer")
        .prefetch_related(Prefetch("schools", queryset=School.objects.order_by("code")))
    )
    by_pk = {row.pk: row for row in rows}
    return [
        SimilarRow(
            matter=by_pk[int(item["id"])],
            score=item.get("score", 0),
            reason=item.get("reason", ""),
            merge_refusal=merging.merge_refusal(matter=matter, target=by_pk[int(item["id"])]),
            reuse_refusal=merging.reuse_refusal(matter=matter, source=by_pk[int(item["id"])]),
        )
        for item in items
        if int(item["id"]) in by_pk
    ]
