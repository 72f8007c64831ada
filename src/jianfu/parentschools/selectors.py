"""Reads of parent-school sessions and their yearly summaries, aggregated in the database through the scope.

Attendance rate = parents who came / parents invited, over all the sessions of the group (a weighted rate, so a
big session counts more than a small one), in per cent with one decimal.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from jianfu.accounts import scope
from jianfu.parentschools.models import ParentSchoolSession, percent
from jianfu.registry.models import Region, School


@dataclass(frozen=True)
class SummaryRow:
    label: str
    sessions: int
    attended: int
    invited: int
    schools: int = 1  # schools in the group
    active_schools: int = 0  # schools that held at least one session
    key: str = ""  # a county's code or a school's id, for drilling down

    @property
    def rate(self) -> Decimal | None:
        return percent(self.attended, self.invited)


def _year_range(year: int) -> Q:
    return Q(date__gte=dt.date(year, 1, 1), date__lt=dt.date(year + 1, 1, 1))


def sessions_visible_to(*, user, year: int, school_id: int | None = None, query: str = "") -> QuerySet:
    rows = (
        scope.visible_to(user, ParentSchoolSession)
        .filter(_year_range(year))
        .select_related("school__region")
        .order_by("-date", "-pk")
    )
    if school_id is not None:
        rows = rows.filter(school_id=school_id)
    if query:
        rows = rows.filter(
            Q(title__icontains=query) | Q(speaker__icontains=query) | Q(notes__icontains=query)
        )
    return rows


def _totals(rows: QuerySet) -> dict:
    totals = rows.aggregate(sessions=Count("pk"), attended=Sum("attended"), invited=Sum("invited"))
    return {
        "sessions": totals["sessions"],
        "attended": totals["attended"] or 0,
        "invited": totals["invited"] or 0,
    }


def school_summary(*, user, school: School, year: int) -> SummaryRow:
    totals = _totals(sessions_visible_to(user=user, year=year, school_id=school.pk))
    return SummaryRow(
        label=school.name, active_schools=int(totals["sessions"] > 0), key=str(school.pk), **totals
    )


def schools_summary(*, user, year: int, region_code: str = "", query: str = "") -> list[SummaryRow]:
    """One row per school in scope (those without sessions too), in the user's area or one county of it."""
    schools = scope.visible_to(user, School).select_related("region").order_by("region__code", "code")
    if region_code:
        schools = schools.filter(region__code=region_code)
    if query:
        schools = schools.filter(name__icontains=query)
    by_school = {
        row["school_id"]: row
        for row in scope.visible_to(user, ParentSchoolSession)
        .filter(_year_range(year), school__in=schools.values("pk"))
        .values("school_id")
        .annotate(sessions=Count("pk"), attended=Sum("attended"), invited=Sum("invited"))
        .order_by()
    }
    rows = []
    for school in schools:
        got = by_school.get(school.pk, {"sessions": 0, "attended": 0, "invited": 0})
        rows.append(
            SummaryRow(
                label=f"{school.region.name} · {school.name}", sessions=got["sessions"],
                attended=got["attended"], invited=got["invited"], active_schools=int(got["sessions"] > 0),
                key=str(school.pk),
            )
        )  # fmt: skip
    return rows


def counties_summary(*, user, year: int) -> list[SummaryRow]:
    """One row per county of the user's area: schools, schools with sessions, sessions, parents."""
    counties = scope.visible_to(user, Region).filter(
        level=Region.Level.COUNTY, code__in=user.area_region_codes
    )
    schools = dict(scope.visible_to(user, School).values_list("region_id").annotate(n=Count("pk")).order_by())
    sessions = {
        row["school__region_id"]: row
        for row in scope.visible_to(user, ParentSchoolSession)
        .filter(_year_range(year))
        .values("school__region_id")
        .annotate(
            sessions=Count("pk"),
            active=Count("school", distinct=True),
            attended=Sum("attended"),
            invited=Sum("invited"),
        )
        .order_by()
    }
    rows = []
    for county in counties.order_by("code"):
        got = sessions.get(county.pk, {"sessions": 0, "active": 0, "attended": 0, "invited": 0})
        rows.append(
            SummaryRow(
                label=county.name, sessions=got["sessions"], attended=got["attended"], invited=got["invited"],
                schools=schools.get(county.pk, 0), active_schools=got["active"], key=county.code,
            )
        )  # fmt: skip
    return rows


def total(*, label: str, rows: list[SummaryRow]) -> SummaryRow:
    return SummaryRow(
        label=label,
        sessions=sum(r.sessions for r in rows),
        attended=sum(r.attended for r in rows),
        invited=sum(r.invited for r in rows),
        schools=sum(r.schools for r in rows),
        active_schools=sum(r.active_schools for r in rows),
    )


def county_choices(*, user) -> QuerySet[Region]:
    return scope.visible_to(user, Region).filter(level=Region.Level.COUNTY, code__in=user.area_region_codes)
