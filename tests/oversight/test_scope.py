"""Who sees reports and cases: the bureaus and supervisors of the area the case is routed (or escalated) to;
the reporter their own reports made in their name; nobody else, not even the school the report names."""

from jianfu.accounts import scope
from jianfu.oversight.models import AccountabilityRecord, Case, CaseStep, Evidence, Report
from tests.factories import oversight_report, png_bytes, user_with_role
from tests.oversight.conftest import FOUNDED, handle_to


def _rows(user, model) -> list:
    return list(scope.visible_to(user, model).order_by("pk"))


def test_a_county_case_is_seen_by_its_county_and_the_city_not_by_another_county(baotou):
    case = oversight_report(school="固阳县金山小学", files=[("a.png", png_bytes())]).report.case

    for user in (baotou.county, baotou.city, baotou.supervisor, baotou.county_supervisor):
        assert _rows(user, Case) == [case]
        assert _rows(user, Report) == [case.report]
        assert len(_rows(user, Evidence)) == 1
        assert len(_rows(user, CaseStep)) == 1
    assert (_rows(baotou.other_county, Case), _rows(baotou.other_county, Report)) == ([], [])
    assert (_rows(baotou.other_county, Evidence), _rows(baotou.other_county, CaseStep)) == ([], [])


def test_a_city_case_is_not_seen_by_the_county_bureau(baotou):
    oversight_report(school="固阳县金山小学", organizer_name="包头市卫生健康委员会")

    assert _rows(baotou.county, Case) == []
    assert len(_rows(baotou.city, Case)) == 1


def test_an_escalated_case_is_seen_by_the_bureau_above(baotou):
    case = oversight_report(
        school="2115000002", organizer_name="某公司", organizer_level="unknown"
    ).report.case
    county_supervisor_elsewhere = user_with_role("supervisor", region_code="150222")
    assert _rows(county_supervisor_elsewhere, Case) == []

    Case.objects.filter(pk=case.pk).update(escalation_region=baotou.county.region)

    assert _rows(county_supervisor_elsewhere, Case) == [case]


def test_the_school_and_departments_see_no_report(baotou):
    oversight_report(school="固阳县金山小学")
    admin = user_with_role("school_admin", school=baotou.school)

    for user in (admin, baotou.culture, baotou.city_health, baotou.teacher):
        assert (_rows(user, Report), _rows(user, Case), _rows(user, Evidence)) == ([], [], [])


def test_a_reporter_sees_their_named_reports_but_not_their_anonymous_ones(baotou):
    named = oversight_report(actor=baotou.teacher, anonymous=False).report
    oversight_report(actor=baotou.teacher, anonymous=True)

    assert _rows(baotou.teacher, Report) == [named]
    assert _rows(baotou.teacher, Case) == []


def test_only_the_handling_bureaus_may_change_a_case(baotou):
    case = oversight_report(school="固阳县金山小学").report.case

    assert list(scope.editable_by(baotou.county, Case)) == [case]
    for user in (baotou.city, baotou.supervisor, baotou.county_supervisor, baotou.other_county):
        assert list(scope.editable_by(user, Case)) == []


def test_accountability_follows_the_case(baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    handle_to(baotou.county, case, "accept", "investigate", "conclude", **FOUNDED)

    assert len(_rows(baotou.county, AccountabilityRecord)) == 1
    assert len(_rows(baotou.city, AccountabilityRecord)) == 1
    assert _rows(baotou.other_county, AccountabilityRecord) == []
    assert _rows(baotou.culture, AccountabilityRecord) == []
