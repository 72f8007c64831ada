"""Workload sums (net of corrections), thresholds with county overrides, warnings, and /api/v1/workload/me."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.burden import workload
from jianfu.burden.models import LedgerEntry, WorkloadSetting
from jianfu.burden.services import ledger
from tests.factories import region, user_with_role

DAY = dt.date(2030, 3, 13)  # a Wednesday; the week runs 03-11 to 03-17
PERIOD = workload.Period(DAY)


def put(place, teacher, hours, day, category="meetings"):
    """An entry written straight to the ledger (dates in the past of the test's period)."""
    return LedgerEntry.objects.create(
        teacher=teacher, school=teacher.school, category=category, hours=Decimal(hours), date=day,
        recorded_by=place.admin,
    )  # fmt: skip


def test_the_period_is_the_iso_week_and_the_calendar_month():
    assert PERIOD.week == (dt.date(2030, 3, 11), dt.date(2030, 3, 17))
    assert PERIOD.month == (dt.date(2030, 3, 1), dt.date(2030, 3, 31))


def test_a_teachers_hours_by_category_are_exact_and_net_of_corrections(place):
    put(place, place.zhang, "2.5", DAY, "meetings")
    put(place, place.zhang, "1.25", dt.date(2030, 3, 2), "meetings")
    entry = put(place, place.zhang, "3", DAY, "data_requests")
    put(place, place.zhang, "9", dt.date(2030, 4, 1), "meetings")  # next month
    put(place, place.li, "5", DAY, "meetings")  # a colleague
    ledger.ledger_entry_correct(actor=place.admin, entry_id=entry.pk, corrected_hours="1", reason="误录")

    rows = {r["category"]: (r["week_hours"], r["month_hours"]) for r in
            workload.teacher_hours_by_category(teacher_id=place.zhang.pk, period=PERIOD)}  # fmt: skip

    assert rows["meetings"] == (Decimal("2.50"), Decimal("3.75"))
    assert rows["data_requests"] == (Decimal("1.00"), Decimal("1.00"))
    assert rows["proctoring"] == (Decimal("0.00"), Decimal("0.00"))
    assert len(rows) == 8


def test_school_rows_are_sorted_and_flagged_against_the_thresholds(place):
    put(place, place.li, "7", DAY)  # over the weekly 6 h
    put(place, place.zhang, "5", dt.date(2030, 3, 3))
    setting = workload.setting_for(year=2030, region=place.school.region)

    rows = workload.flag_teachers(
        list(workload.school_teachers_workload(user=place.admin, school=place.school, period=PERIOD)),
        setting=setting,
    )

    assert [(r.name, r.week_hours, r.month_hours, r.warning) for r in rows] == [
        ("李老师", Decimal("7.00"), Decimal("7.00"), True),
        ("张老师", Decimal("0.00"), Decimal("5.00"), False),
        ("王老师", Decimal("0.00"), Decimal("0.00"), False),
    ]
    assert rows[0].teaching_hours == Decimal("12.00")  # 16 lessons x 45 min


def test_a_county_setting_overrides_the_citys_and_the_defaults(db):
    county, city = region("150222"), region("150200")
    assert workload.setting_for(year=2030, region=county).weekly_nonteaching_hours == Decimal("6")
    WorkloadSetting.objects.create(year=2030, region=city, weekly_nonteaching_hours=Decimal("5"))
    assert workload.setting_for(year=2030, region=county).weekly_nonteaching_hours == Decimal("5")
    WorkloadSetting.objects.create(year=2030, region=county, weekly_nonteaching_hours=Decimal("8"))
    assert workload.setting_for(year=2030, region=county).weekly_nonteaching_hours == Decimal("8")
    assert workload.settings_by_region(year=2030)[county.pk].weekly_nonteaching_hours == Decimal("8")


def test_county_and_city_sums_and_warnings(place):
    put(place, place.li, "30", DAY)  # month over 24 h
    put(place, place.zhang, "3", DAY)
    put(place, place.stranger, "4", DAY)
    city_user = user_with_role(Role.CITY_EDU)

    schools = workload.flag_groups(
        list(workload.county_schools_workload(user=city_user, region=region("150222"), period=PERIOD)),
        setting_of=lambda row: workload.WorkloadSetting(),
    )
    counties = {
        r.code: (r.teacher_count, workload.hours(r.month_hours))
        for r in workload.city_counties_workload(user=city_user, city=region("150200"), period=PERIOD)
    }
    warnings = workload.teachers_over_threshold(user=city_user, period=PERIOD)

    assert [(s.name, s.teacher_count, s.month_hours, s.month_average, s.warning) for s in schools] == [
        ("固阳县第一小学", 3, Decimal("33.00"), Decimal("11.00"), True),  # 11 h a week on average > 6
    ]
    assert counties == {"150222": (3, Decimal("33.00")), "150203": (1, Decimal("4.00"))}
    assert [(w["teacher__name"], w["month_hours"]) for w in warnings] == [("李老师", Decimal("30.00"))]


def test_warnings_stay_within_the_users_scope(place):
    put(place, place.stranger, "30", DAY)
    county_user = user_with_role(Role.COUNTY_EDU, region_code="150222")

    assert workload.teachers_over_threshold(user=county_user, period=PERIOD) == []


# --- the API --------------------------------------------------------------------------------------------------


def test_workload_me_gives_hours_by_month_and_category(client, place):
    put(place, place.zhang, "2", dt.date(2030, 3, 2), "meetings")
    put(place, place.zhang, "1.5", dt.date(2030, 3, 20), "meetings")
    entry = put(place, place.zhang, "4", dt.date(2030, 5, 6), "proctoring")
    put(place, place.li, "8", dt.date(2030, 3, 2), "meetings")
    ledger.ledger_entry_correct(actor=place.admin, entry_id=entry.pk, corrected_hours="3", reason="少一场")
    client.force_login(place.teacher_user)

    response = client.get("/api/v1/workload/me", {"year": 2030})

    assert response.status_code == 200
    assert response.json() == {
        "teacher_id": place.zhang.pk,
        "year": 2030,
        "total_hours": "6.50",
        "months": [
            {"month": "2030-03", "category": "meetings", "category_label": "会议", "hours": "3.50"},
            {"month": "2030-05", "category": "proctoring", "category_label": "监考", "hours": "3.00"},
        ],
    }


@pytest.mark.parametrize("role", [Role.SCHOOL_ADMIN, Role.CITY_EDU])
def test_workload_me_is_403_in_chinese_for_a_non_teacher(client, place, role):
    client.force_login(place.admin if role == Role.SCHOOL_ADMIN else user_with_role(role))

    response = client.get("/api/v1/workload/me")

    assert response.status_code == 403
    assert response.json() == {"detail": "该接口仅供教师本人查询自己的工作量，当前账号不是教师账号"}


def test_workload_me_needs_a_login(client, db):
    assert client.get("/api/v1/workload/me").status_code == 401


def test_my_workload_page_shows_this_months_categories(client, place):
    put(place, place.zhang, "2", dt.date.today(), "meetings")
    client.force_login(place.teacher_user)

    response = client.get(reverse("burden:mine"))

    assert response.status_code == 200
    assert '<td class="num" data-testid="month-meetings">2.00</td>' in response.content.decode()
