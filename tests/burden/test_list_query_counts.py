"""The burden list pages cost a fixed number of queries, however many rows they show."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.burden.models import (
    Dispute,
    LedgerEntry,
    ProctorAssignment,
    ProctoringRun,
    SecondmentReminder,
    SecondmentReturn,
    SubVenueDecision,
)
from jianfu.registry.models import Region
from tests.burden.conftest import approved_matter
from tests.factories import TeacherFactory, user_with_role

DAY = dt.date(2030, 3, 10)  # in the spring semester of 2030
FINDING = {"rule": "M12.sub-venue", "measure": 12, "severity": "review", "message": "应设视频分会场"}
_exam_days = itertools.count(1)


def _entry(teacher, recorder, *, category="meetings", hours="1.5", **kwargs) -> LedgerEntry:
    return LedgerEntry.objects.create(
        teacher=teacher, school=teacher.school, category=category, hours=Decimal(hours), date=DAY,
        recorded_by=recorder, **kwargs,
    )  # fmt: skip


def _secondments(user, recorder, count: int) -> None:
    for n in range(count):
        teacher = TeacherFactory(school=recorder.school)
        matter = approved_matter(recorder.school, kind="secondment", day=DAY - dt.timedelta(days=90))
        matter.teacher, matter.ends_on = teacher, DAY + dt.timedelta(days=n % 40)
        matter.save(update_fields=["teacher", "ends_on"])
        SecondmentReminder.objects.create(
            matter=matter, teacher=teacher, school=teacher.school, threshold="30", ends_on=matter.ends_on,
            due_on=DAY,
        )  # fmt: skip
        if n % 3 == 0:
            SecondmentReturn.objects.create(
                matter=matter, teacher=teacher, school=teacher.school, returned_on=DAY, note="按期返岗",
                recorded_by=recorder,
            )  # fmt: skip


def _trainings(user, recorder, count: int) -> None:
    for n in range(count):
        approved_matter(
            recorder.school, kind="training", day=DAY, tier=("school", "county", "city")[n % 3], hours=6,
            published_on=(DAY - dt.timedelta(days=n % 20)).isoformat(), starts_on=DAY.isoformat(),
        )  # fmt: skip
        _entry(user.teacher, recorder, category="professional_development")


def _meetings(user, recorder, count: int) -> None:
    county = Region.objects.get(code="150222")
    for n in range(count):
        _entry(TeacherFactory(school=recorder.school), recorder)
        flagged = approved_matter(recorder.school, kind="meeting", day=DAY)
        flagged.findings, flagged.route_region = [FINDING], county
        flagged.save(update_fields=["findings", "route_region"])
        if n % 2 == 0:
            SubVenueDecision.objects.create(
                matter=flagged, region=county, video_sub_venue=True, reason="路远", decided_by=user
            )
        merged = approved_matter(recorder.school, kind="meeting", day=DAY)
        merged.state, merged.merged_into = "merged", flagged
        merged.save(update_fields=["state", "merged_into"])


def _entries(user, recorder, count: int) -> None:
    for n in range(count):
        matter = approved_matter(recorder.school, day=DAY)
        entry = _entry(TeacherFactory(school=recorder.school), recorder, matter=matter)
        if n % 2 == 0:
            _entry(entry.teacher, recorder, hours="-0.5", kind="correction", corrects=entry)


def _disputes(user, recorder, count: int) -> None:
    for n in range(count):
        entry = _entry(
            TeacherFactory(school=recorder.school), recorder, matter=approved_matter(recorder.school)
        )
        if n % 2 == 0:
            correction = _entry(entry.teacher, recorder, hours="-0.5", kind="correction", corrects=entry)
            Dispute.objects.create(
                entry=entry, teacher=entry.teacher, school=entry.school, reason="时长有误", status="resolved",
                resolution="已更正", correction=correction, resolved_by=recorder, resolved_at=correction.recorded_at,
            )  # fmt: skip
        else:
            Dispute.objects.create(entry=entry, teacher=entry.teacher, school=entry.school, reason="没有参加")


def _proctoring(user, recorder, count: int) -> None:
    day = DAY + dt.timedelta(days=next(_exam_days))
    matter = approved_matter(recorder.school, kind="social_exam", day=day)
    run = ProctoringRun.objects.create(
        school=recorder.school, date_from=day, date_to=day, optimum=1, lower_bound=1, cap=4, run_by=recorder
    )
    ProctorAssignment.objects.bulk_create(
        ProctorAssignment(run=run, matter=matter, teacher=teacher, school=recorder.school, exam_date=day,
                          load_before=0, load_after=1, explanation="在岗", assigned_by=recorder)
        for teacher in TeacherFactory.create_batch(count, school=recorder.school)
    )  # fmt: skip


# page -> (url name, query string, role, how to add rows)
PAGES = {
    "secondments": ("burden:secondments", {"status": ""}, Role.COUNTY_EDU, _secondments),
    "trainings": ("burden:trainings", {"day": DAY.isoformat()}, Role.TEACHER, _trainings),
    "meetings": ("burden:meetings", {"year": DAY.year}, Role.COUNTY_EDU, _meetings),
    "entries": ("burden:entries", {}, Role.SCHOOL_ADMIN, _entries),
    "disputes": ("burden:disputes", {"status": ""}, Role.SCHOOL_ADMIN, _disputes),
    "proctoring": ("burden:proctoring", {}, Role.SCHOOL_ADMIN, _proctoring),
}


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_burden_list_page_costs_the_same_queries_for_3_rows_as_for_30(client, place, page):
    url_name, params, role, add_rows = PAGES[page]
    user = {
        Role.COUNTY_EDU: user_with_role(Role.COUNTY_EDU, region_code="150222"),
        Role.SCHOOL_ADMIN: place.admin,
        Role.TEACHER: place.teacher_user,
    }[role]
    client.force_login(user)
    url = reverse(url_name)

    add_rows(user, place.admin, 3)
    few = _queries(client, url, params)
    add_rows(user, place.admin, 27)
    many = _queries(client, url, params)

    assert few == many
