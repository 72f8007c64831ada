"""Per-school warning counters: kept by every ledger write, recounted on a threshold change or a rebuild, equal
to a direct count, and read by the city's and a county's dashboard in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden import dashboard, rollups
from jianfu.burden.models import SchoolMonthWarnings, TeacherMonthRollup, WorkloadSetting
from jianfu.burden.services import thresholds
from tests.burden.test_dashboard import MARCH, record
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role


def load(admin, teachers, total: int) -> None:
    """Record `total` hours for each teacher in March, in entries of at most 20 hours."""
    day = 3
    while total > 0:
        record(admin, teachers, str(min(total, 20)), day=dt.date(2024, 3, day))
        total, day = total - 20, day + 1


def counters() -> dict:
    return {
        (row.school_id, row.month): row.teachers for row in SchoolMonthWarnings.objects.filter(teachers__gt=0)
    }


def direct_count() -> dict:
    """What the counters must say: teacher-months above their county's threshold, counted from the rollups."""
    found: dict = {}
    for row in TeacherMonthRollup.objects.select_related("school__region__parent"):
        setting = WorkloadSetting.objects.filter(
            year=row.month.year, region__in=[row.school.region, row.school.region.parent]
        ).order_by("-region__level")  # "county" > "city": the county's own setting first
        threshold = setting[0].monthly_nonteaching_hours if setting else Decimal("24")
        if row.hours > threshold:
            found[row.school_id, row.month] = found.get((row.school_id, row.month), 0) + 1
    return found


@pytest.fixture
def city_bureau(db):
    return user_with_role(Role.CITY_EDU, region_code="150200")


@pytest.fixture
def county_bureau(db):
    return user_with_role(Role.COUNTY_EDU, region_code="150222")


def test_every_ledger_write_keeps_the_counter_of_its_school_and_month(place):
    record(place.admin, [place.zhang, place.li], "20")
    record(place.admin, [place.zhang], "5")  # zhang 25 > 24, li 20
    load(place.other_admin, [place.stranger], 30)

    assert counters() == {(place.school.pk, MARCH): 1, (place.other_school.pk, MARCH): 1}
    assert counters() == direct_count()


def test_a_correction_below_the_threshold_takes_the_teacher_off_the_counter(place):
    entries = record(place.admin, [place.zhang], "20")
    record(place.admin, [place.zhang], "5")
    from jianfu.burden.services import ledger

    ledger.ledger_entry_correct(
        actor=place.admin, entry_id=entries[0].pk, corrected_hours="10", reason="核实"
    )

    assert counters() == {} == direct_count()


def test_a_county_threshold_saved_through_the_service_recounts_that_county_only(place, county_bureau):
    record(place.admin, [place.zhang], "10")
    record(place.other_admin, [place.stranger], "10")
    assert counters() == {}

    thresholds.workload_setting_save(
        actor=county_bureau,
        year=2024,
        values={"lesson_minutes": 40, "weekly_nonteaching_hours": "5", "monthly_nonteaching_hours": "8.5"},
        reason="试行",
    )

    assert counters() == {(place.school.pk, MARCH): 1} == direct_count()
    event = AuditEvent.objects.get(action="workloadsetting.create")
    assert event.changes["monthly_nonteaching_hours"] == [None, "8.5"]
    assert event.reason == "试行"


def test_the_city_threshold_recounts_every_county_and_a_reset_county_follows_it_again(
    place, city_bureau, county_bureau
):
    record(place.admin, [place.zhang], "10")
    record(place.other_admin, [place.stranger], "10")
    values = {"lesson_minutes": 45, "weekly_nonteaching_hours": "6", "monthly_nonteaching_hours": "9"}
    thresholds.workload_setting_save(actor=city_bureau, year=2024, values=values)
    assert counters() == {(place.school.pk, MARCH): 1, (place.other_school.pk, MARCH): 1}
    thresholds.workload_setting_save(
        actor=county_bureau, year=2024, values={**values, "monthly_nonteaching_hours": "12"}
    )
    assert counters() == {(place.other_school.pk, MARCH): 1}

    thresholds.workload_setting_reset(actor=county_bureau, year=2024)

    assert counters() == {(place.school.pk, MARCH): 1, (place.other_school.pk, MARCH): 1} == direct_count()
    assert not WorkloadSetting.objects.filter(region=region("150222")).exists()


def test_a_change_is_audited_with_old_and_new_values(place, county_bureau):
    values = {"lesson_minutes": 45, "weekly_nonteaching_hours": "6", "monthly_nonteaching_hours": "20"}
    thresholds.workload_setting_save(actor=county_bureau, year=2024, values=values)

    thresholds.workload_setting_save(
        actor=county_bureau, year=2024, values={**values, "monthly_nonteaching_hours": "18"}, reason="收紧"
    )

    event = AuditEvent.objects.get(action="workloadsetting.update")
    assert event.changes == {"monthly_nonteaching_hours": ["20.0", "18.0"]}
    assert event.reason == "收紧"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("monthly_nonteaching_hours", "-1", "教师每月非教学工作小时上限应为0至240之间的数（最多1位小数）"),
        ("monthly_nonteaching_hours", "8.25", "教师每月非教学工作小时上限应为0至240之间的数（最多1位小数）"),
        ("lesson_minutes", "45.5", "每课时分钟数应为30至60之间的整数"),
        ("weekly_nonteaching_hours", "abc", "教师每周非教学工作小时上限应为0至60之间的数（最多1位小数）"),
    ],
)
def test_a_bad_value_is_refused_by_field_and_nothing_is_saved(county_bureau, field, value, message):
    values = {"lesson_minutes": 45, "weekly_nonteaching_hours": "6", "monthly_nonteaching_hours": "24"}

    with pytest.raises(ValidationError) as exc:
        thresholds.workload_setting_save(actor=county_bureau, year=2024, values={**values, field: value})

    assert exc.value.message_dict == {field: [message]}
    assert WorkloadSetting.objects.count() == 0


def test_a_school_or_supervisor_may_not_set_thresholds(place):
    values = {"lesson_minutes": 45, "weekly_nonteaching_hours": "6", "monthly_nonteaching_hours": "1"}
    for actor in (place.admin, user_with_role(Role.SUPERVISOR, region_code="150200")):
        with pytest.raises(PermissionDenied):
            thresholds.workload_setting_save(actor=actor, year=2024, values=values)
    assert WorkloadSetting.objects.count() == 0


def test_a_rebuild_repairs_damaged_counters(place):
    load(place.admin, [place.zhang, place.li], 30)
    SchoolMonthWarnings.objects.update(teachers=7)

    rollups.rollups_rebuild()

    assert counters() == {(place.school.pk, MARCH): 2} == direct_count()


def test_the_city_dashboard_counts_warnings_in_the_same_queries_however_many_teachers_are_above(
    place, city_bureau
):
    load(place.admin, [place.zhang], 30)
    level = dashboard.level_for(user=city_bureau)
    with CaptureQueriesContext(connection) as few:
        board = dashboard.dashboard(user=city_bureau, level=level, month=MARCH)
    assert board.warnings == 1

    for _ in range(4):
        school = SchoolFactory(region=region("150203"))
        load(
            user_with_role(Role.SCHOOL_ADMIN, school=school),
            TeacherFactory.create_batch(5, school=school),
            25,
        )
    with CaptureQueriesContext(connection) as many:
        board = dashboard.dashboard(user=city_bureau, level=level, month=MARCH)

    assert board.warnings == 21
    assert {row.label: row.warnings for row in board.groups if row.warnings} == {"固阳县": 1, "昆都仑区": 20}
    assert len(many) == len(few)


# --- the page -------------------------------------------------------------------------------------------------

URL = reverse("burden:thresholds")
FORM = {
    "year": "2024",
    "lesson_minutes": "40",
    "weekly_nonteaching_hours": "5",
    "monthly_nonteaching_hours": "20",
}


def test_a_county_bureau_saves_its_thresholds_on_the_page(client, county_bureau):
    client.force_login(county_bureau)

    response = client.post(URL, FORM, follow=True)

    assert "2024年度工作量预警线已保存" in response.content.decode()
    setting = WorkloadSetting.objects.get()
    assert (setting.region.code, setting.lesson_minutes, setting.monthly_nonteaching_hours) == (
        "150222",
        40,
        Decimal("20.0"),
    )
    assert "本级设置" in client.get(URL, {"year": 2024}).content.decode()


def test_the_page_shows_a_field_error_in_chinese_and_keeps_what_was_typed(client, county_bureau):
    client.force_login(county_bureau)

    response = client.post(URL, {**FORM, "monthly_nonteaching_hours": "999"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "教师每月非教学工作小时上限" in body and 'value="999"' in body
    assert WorkloadSetting.objects.count() == 0


def test_a_school_admin_reads_the_thresholds_but_a_post_is_refused(client, place):
    client.force_login(place.admin)
    page = client.get(URL).content.decode()
    assert "平台默认值" in page and "thresholds-form" not in page

    assert client.post(URL, FORM).status_code == 403
    assert WorkloadSetting.objects.count() == 0
