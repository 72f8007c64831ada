"""The reporting service: what a report records, where it is routed, how it is screened and what it is about
(whitelist, failed verification)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jianfu.matters.models import Kind, Matter, State
from jianfu.oversight.models import Case, CaseState, CaseStep, Channel, Report
from jianfu.oversight.tracking import tracking_hash
from tests.factories import (
    DepartmentFactory,
    oversight_report,
    region,
    user_with_role,
)


def _matter(baotou, *, ends_on: dt.date, code: str = "ABCD2345") -> Matter:
    matter = Matter.objects.create(
        kind=Kind.CAMPUS_ACTIVITY,
        title="交通安全知识宣讲进校园",
        organizer=baotou.culture.department,
        submitted_by=baotou.culture,
        chain="bureau",
        state=State.APPROVED,
        starts_on=ends_on - dt.timedelta(days=10),
        ends_on=ends_on,
        verification_code=code,
        approved_by_label="固阳县教育局",
    )
    matter.schools.add(baotou.school)
    return matter


# --- routing -------------------------------------------------------------------------------------------------------


def test_a_report_about_a_county_department_at_its_own_school_goes_to_the_county_bureau(baotou):
    report = oversight_report(school="固阳县金山小学", organizer_name="固阳县文化旅游局").report

    assert (report.organizer, report.school, report.region.code) == (
        baotou.culture.department,
        baotou.school,
        "150222",
    )
    assert report.case.route_region.code == "150222"


def test_a_report_about_a_city_department_goes_to_the_city_bureau(baotou):
    report = oversight_report(school="固阳县金山小学", organizer_name="包头市卫生健康委员会").report

    assert (report.region.code, report.case.route_region.code) == ("150222", "150200")


def test_a_county_department_reaching_into_another_county_goes_to_the_city_bureau(baotou):
    report = oversight_report(school="2115000002", organizer_name="固阳县文化旅游局").report

    assert (report.school, report.region.code, report.case.route_region.code) == (
        baotou.other_school,
        "150203",
        "150200",
    )


def test_a_report_about_the_county_bureaus_own_demand_goes_to_the_city_bureau(baotou):
    report = oversight_report(school="固阳县金山小学", organizer_name="固阳县教育局").report

    assert (report.organizer, report.region.code, report.case.route_region.code) == (
        baotou.county.department,
        "150222",
        "150200",
    )


def test_an_unknown_organizer_named_city_level_goes_to_the_city_bureau(baotou):
    report = oversight_report(
        school="固阳县金山小学", organizer_name="市里某协会", organizer_level="city"
    ).report

    assert (report.organizer, report.case.route_region.code) == (None, "150200")


def test_an_unknown_organizer_of_unknown_level_goes_to_the_bureau_of_the_county_named(baotou):
    report = oversight_report(
        school="一所没有登记的学校", region_code="150203", organizer_name="某公司", organizer_level="unknown"
    ).report

    assert (report.school, report.school_name, report.region.code, report.case.route_region.code) == (
        None,
        "一所没有登记的学校",
        "150203",
        "150203",
    )


def test_a_report_naming_neither_school_nor_county_goes_to_the_city_bureau(baotou):
    report = oversight_report(organizer_name="某公司", organizer_level="unknown").report

    assert (report.region.code, report.case.route_region.code) == ("150200", "150200")


# --- what is recorded ----------------------------------------------------------------------------------------------


def test_a_report_opens_a_received_case_with_working_day_deadlines_and_one_timeline_row(baotou):
    received = oversight_report(school="固阳县金山小学")
    case = received.report.case
    today = timezone.localdate()

    assert case.state == CaseState.RECEIVED
    assert case.accept_due_on > today and case.conclude_due_on > case.accept_due_on
    assert list(
        CaseStep.objects.filter(case=case).values_list("action", "actor_id", "actor_label", "note")
    ) == [("receive", None, "匿名举报人", "举报表单，转固阳县教育局办理")]
    assert Report.objects.get(tracking_hash=tracking_hash(received.tracking_code)) == received.report


def test_a_report_is_screened_and_the_findings_suggest_the_measures_at_stake(baotou):
    report = oversight_report(school="固阳县金山小学").report

    assert report.verdict == "block"
    assert 9 in report.measures
    assert "M09.online-voting" in [finding["rule"] for finding in report.findings]
    assert report.measures == sorted({finding["measure"] for finding in report.findings})


def test_a_report_from_the_whitelist_names_its_matter_and_counts_as_on_the_whitelist(baotou):
    matter = _matter(baotou, ends_on=timezone.localdate() + dt.timedelta(days=5))

    report = oversight_report(matter_id=matter.pk, organizer_name="", title="宣讲时要求教师写心得").report

    assert (report.channel, report.matter, report.on_whitelist, report.organizer, report.organizer_name) == (
        Channel.WHITELIST,
        matter,
        True,
        baotou.culture.department,
        "固阳县文化旅游局",
    )


def test_a_report_after_a_failed_verification_keeps_the_code_and_is_an_unapproved_demand(baotou):
    report = oversight_report(verification_code="zzzz-9999").report

    assert (report.channel, report.verification_code, report.matter, report.on_whitelist) == (
        Channel.VERIFICATION,
        "zzzz-9999",
        None,
        False,
    )


def test_a_report_of_an_expired_code_names_the_matter_but_not_as_on_the_whitelist(baotou):
    matter = _matter(baotou, ends_on=timezone.localdate() - dt.timedelta(days=1), code="EXPD2345")

    report = oversight_report(verification_code="expd-2345", organizer_name="").report

    assert (report.matter, report.on_whitelist, report.organizer_name) == (matter, False, "固阳县文化旅游局")


def test_a_whitelist_matter_that_is_not_published_is_refused_and_nothing_is_stored(baotou):
    matter = _matter(baotou, ends_on=timezone.localdate())
    Matter.objects.filter(pk=matter.pk).update(state=State.BUREAU_REVIEW)

    with pytest.raises(ValidationError) as refused:
        oversight_report(matter_id=matter.pk)

    assert refused.value.message_dict == {"matter": ["白名单上没有这个事项"]}
    assert (Report.objects.count(), Case.objects.count()) == (0, 0)


def test_a_report_without_a_title_or_organizer_is_refused_naming_the_fields(baotou):
    with pytest.raises(ValidationError) as refused:
        oversight_report(title=" ", demanded_on=timezone.localdate() + dt.timedelta(days=1))

    assert refused.value.message_dict == {
        "title": ["请简要说明对方提出了什么要求"],
        "demanded_on": ["日期应在2020年11月27日至今天之间"],
    }
    with pytest.raises(ValidationError) as refused:
        oversight_report(organizer_name="")
    assert refused.value.message_dict == {
        "organizer_name": ["请填写提出要求的部门或单位（不清楚可填“不清楚”）"]
    }
    assert Report.objects.count() == 0


def test_a_logged_in_reporter_who_reports_in_their_name_is_recorded(baotou):
    report = oversight_report(actor=baotou.teacher, anonymous=False).report

    assert (report.is_anonymous, report.reporter) == (False, baotou.teacher)
    assert CaseStep.objects.get(case=report.case).actor_label == "刘老师"


def test_someone_not_logged_in_cannot_report_in_a_name(baotou):
    report = oversight_report(anonymous=False).report

    assert (report.is_anonymous, report.reporter) == (True, None)


def test_a_department_with_the_same_name_in_the_registry_is_matched(baotou):
    department = DepartmentFactory(name="包头市体育局", region=region("150200"))

    report = oversight_report(organizer_name=" 包头市体育局 ").report

    assert (report.organizer, report.organizer_name) == (department, "包头市体育局")


def test_a_reporter_role_does_not_change_where_a_report_goes(baotou):
    admin = user_with_role("school_admin", school=baotou.other_school)

    report = oversight_report(actor=admin, anonymous=False, school="固阳县金山小学").report

    assert (report.reporter, report.case.route_region.code) == (admin, "150222")
