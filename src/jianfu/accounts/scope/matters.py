"""Scope rules of Matters and the year's planning around them: the Matters themselves, the confirmed cases they
are screened against, annual plans and their entries, quota settings, schools' exam weeks and calendar feeds.

`matters` is shared (a decision on a meeting is seen by whoever sees the meeting), and so is
`own_region_of_bureau` (the workload thresholds are settings of a level like the quotas)."""

from collections.abc import Callable

from django.db.models import Exists, Model, OuterRef, Q

from jianfu.accounts.models import Role, User
from jianfu.accounts.scope.registry import schools
from jianfu.accounts.scope.roles import AREA_WIDE, BUREAUS, EVERYTHING, MATTER_SUBMITTERS, NOTHING, OWN_SCHOOL
from jianfu.matters.models import AnnualPlan, CalendarFeed, ExamWeek, Matter, PlanEntry, QuotaSetting, State
from jianfu.matters.models.matter import EDITABLE_STATES
from jianfu.policy.models import ConfirmedCase
from jianfu.registry.models import School


def _matters_concerning(region_codes) -> Q:
    """Matters routed to one of these regions or concerning one of their schools. EXISTS, not IN: under the OR
    PostgreSQL cannot turn an IN into a join and hashes every Matter of the area's schools first (80 ms at
    100,000 Matters), where EXISTS probes only the rows the other conditions leave."""
    by_school = Matter.schools.through.objects.filter(
        matter_id=OuterRef("pk"), school__region__code__in=region_codes
    )
    return Q(route_region__code__in=region_codes) | Q(Exists(by_school))


def matters(user: User) -> Q:
    own = (
        Q(organizer_id=user.department_id)
        if user.department_id and user.role in MATTER_SUBMITTERS
        else NOTHING
    )
    if user.role == Role.DEPARTMENT:
        return own
    if user.role in AREA_WIDE:
        # Bureaus: what is routed to their area or concerns their schools, once submitted; supervisors read it.
        area = ~Q(state=State.DRAFT) & _matters_concerning(user.area_region_codes)
        return area | own if own != NOTHING else area
    if user.role == Role.PARTY and user.region_id:
        # What has reached the party committee of its level (awaiting it, or decided by it).
        return Q(route_region_id=user.region_id, party_reached_at__isnull=False)
    if user.role in OWN_SCHOOL and user.school_id:
        return Q(state=State.APPROVED, pk__in=Matter.objects.filter(schools=user.school_id).values("pk"))
    return NOTHING


# Annual plans (measure 1): published plans are public; the bureaus see their area's plans while they are open,
# and a department the plan of its own region, into which it files.
_PLAN_PUBLISHED = Q(status=AnnualPlan.Status.PUBLISHED)


def _annual_plans(user: User) -> Q:
    if user.role in AREA_WIDE:
        return _PLAN_PUBLISHED | Q(region__code__in=user.area_region_codes)
    if user.role == Role.DEPARTMENT and user.department_id:
        return _PLAN_PUBLISHED | Q(region_id=user.department.region_id)
    return _PLAN_PUBLISHED


def _plan_entries(user: User) -> Q:
    published = Q(plan__status=AnnualPlan.Status.PUBLISHED)
    if user.role in AREA_WIDE:
        return published | Q(plan__region__code__in=user.area_region_codes)
    if user.role == Role.DEPARTMENT and user.department_id:
        return published | Q(department_id=user.department_id)
    return published


def _exam_weeks(user: User) -> Q:
    # Exam weeks hold no personal data: whoever sees the school sees when it holds its exams.
    condition = schools(user)
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


def _matters_editable(user: User) -> Q:
    # Only the submitting department, and only while the Matter is a draft or was sent back to it.
    if user.role in MATTER_SUBMITTERS and user.department_id:
        return Q(organizer_id=user.department_id, state__in=EDITABLE_STATES)
    return NOTHING


def own_region_of_bureau(user: User) -> Q:
    # A bureau changes only what belongs to its own level: the city's bureau the city's row, a county's its own.
    if user.role in BUREAUS and user.region_id:
        return Q(region_id=user.region_id)
    return NOTHING


def _exam_weeks_editable(user: User) -> Q:
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        return Q(school_id=user.school_id)
    return NOTHING


RULES: dict[type[Model], Callable[[User], Q]] = {
    Matter: matters,
    ConfirmedCase: lambda user: EVERYTHING,  # confirmed violations by departments: no personal data
    AnnualPlan: _annual_plans,
    PlanEntry: _plan_entries,
    QuotaSetting: lambda user: EVERYTHING,  # the year's limits are policy, the same for everyone to read
    ExamWeek: _exam_weeks,
    CalendarFeed: _calendar_feeds,
}

EDIT_RULES: dict[type[Model], Callable[[User], Q]] = {
    Matter: _matters_editable,
    AnnualPlan: own_region_of_bureau,
    QuotaSetting: own_region_of_bureau,
    ExamWeek: _exam_weeks_editable,
    CalendarFeed: _calendar_feeds,
}

# What is published to everyone, logged in or not (the whitelist of approved Matters).
PUBLISHED: dict[type[Model], Q] = {
    Matter: Q(state=State.APPROVED),
    AnnualPlan: _PLAN_PUBLISHED,
    PlanEntry: Q(plan__status=AnnualPlan.Status.PUBLISHED),
}
