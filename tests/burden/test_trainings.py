"""Measure 11: the tiered training plan of a semester, published ahead, eligibility by title, hours per year."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.burden import selectors_trainings as selectors
from jianfu.burden.models import LedgerEntry
from jianfu.burden.services.trainings import Semester, eligible
from tests.burden.conftest import approved_matter
from tests.factories import TeacherFactory, user_with_role

DAY = dt.date(2030, 3, 10)


def training(school, *, tier, starts_on, published_on, hours=6):
    return approved_matter(
        school, kind="training", day=starts_on, tier=tier, hours=hours,
        published_on=published_on.isoformat(), starts_on=starts_on.isoformat(),
    )  # fmt: skip


def test_eligibility_by_title_and_backbone(place):
    junior = TeacherFactory(school=place.school, professional_title="二级教师", is_backbone=False)
    first = TeacherFactory(school=place.school, professional_title="一级教师", is_backbone=False)
    senior = TeacherFactory(school=place.school, professional_title="高级教师", is_backbone=False)
    backbone = TeacherFactory(school=place.school, professional_title="二级教师", is_backbone=True)

    assert [eligible(t, "school") for t in (junior, first, senior, backbone)] == [True] * 4
    assert [eligible(t, "county") for t in (junior, first, senior, backbone)] == [False, True, True, True]
    assert [eligible(t, "city") for t in (junior, first, senior, backbone)] == [False, False, True, True]
    assert not eligible(senior, "unknown")


def test_semesters():
    assert Semester.of(DAY).label == "2030年春季学期"
    assert Semester.of(dt.date(2031, 1, 15)).start == dt.date(2030, 8, 1)
    assert Semester.of(DAY).next().label == "2030年秋季学期"


def test_the_plan_shows_days_ahead_flags_under_14_and_keeps_to_the_semester(place):
    early = training(place.school, tier="city", starts_on=DAY, published_on=DAY - dt.timedelta(days=30))
    late = training(place.school, tier="county", starts_on=DAY, published_on=DAY - dt.timedelta(days=13))
    exact = training(place.school, tier="school", starts_on=DAY, published_on=DAY - dt.timedelta(days=14))
    training(place.school, tier="school", starts_on=dt.date(2030, 9, 1), published_on=DAY)
    training(place.other_school, tier="city", starts_on=DAY, published_on=DAY)

    rows = {r.matter.pk: r for r in selectors.training_plan(user=place.admin, semester=Semester.of(DAY))}

    assert set(rows) == {early.pk, late.pk, exact.pk}
    assert (rows[early.pk].days_ahead, rows[early.pk].late) == (30, False)
    assert (rows[late.pk].days_ahead, rows[late.pk].late) == (13, True)
    assert (rows[exact.pk].days_ahead, rows[exact.pk].late) == (14, False)
    city_only = selectors.training_plan(user=place.admin, semester=Semester.of(DAY), tier="city")
    assert [r.matter.pk for r in city_only] == [early.pk]


def test_a_teacher_sees_whether_they_may_attend(client, place):
    place.zhang.professional_title, place.zhang.is_backbone = "二级教师", False
    place.zhang.save()
    training(place.school, tier="city", starts_on=DAY, published_on=DAY - dt.timedelta(days=20))
    training(place.school, tier="school", starts_on=DAY, published_on=DAY - dt.timedelta(days=20))

    rows = selectors.training_plan(user=place.teacher_user, semester=Semester.of(DAY))

    assert sorted((r.tier, r.eligible) for r in rows) == [("city", False), ("school", True)]
    client.force_login(place.teacher_user)
    response = client.get(reverse("burden:trainings"), {"day": DAY.isoformat()})
    assert response.status_code == 200 and "不在培训对象内" in response.content.decode()


def test_training_hours_per_teacher_per_year_net_of_corrections_and_in_scope(place):
    def entry(teacher, school, hours, date, category="professional_development", **kw):
        return LedgerEntry.objects.create(teacher=teacher, school=school, category=category, hours=Decimal(hours),
                                          date=date, recorded_by=place.admin, **kw)  # fmt: skip

    first = entry(place.zhang, place.school, "6", dt.date(2030, 3, 1))
    entry(place.zhang, place.school, "-2", dt.date(2030, 3, 1), kind="correction", corrects=first)
    entry(place.zhang, place.school, "3", dt.date(2030, 5, 1))
    entry(place.zhang, place.school, "9", dt.date(2029, 5, 1))  # another year
    entry(place.li, place.school, "2", dt.date(2030, 4, 1), category="meetings")  # another category
    entry(place.stranger, place.other_school, "8", dt.date(2030, 4, 1))  # another county

    rows = list(selectors.training_hours(user=place.admin, year=2030))
    assert [(r["teacher_id"], Decimal(str(r["total"]))) for r in rows] == [(place.zhang.pk, Decimal("7"))]
    city = user_with_role(Role.CITY_EDU)
    assert {r["teacher_id"] for r in selectors.training_hours(user=city, year=2030)} == {
        place.zhang.pk,
        place.stranger.pk,
    }
    assert list(selectors.training_hours(user=user_with_role(Role.DEPARTMENT), year=2030)) == []


def test_the_plan_page_by_role(client, place):
    client.force_login(user_with_role(Role.DEPARTMENT))
    assert client.get(reverse("burden:trainings")).status_code == 403
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))
    assert client.get(reverse("burden:trainings")).status_code == 200
