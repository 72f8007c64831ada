"""Overdue cases escalate to the level above, once per deadline, by `jianfu escalate-cases`."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from jianfu.audit.models import AuditEvent
from jianfu.oversight.escalation import cases_escalate_overdue
from jianfu.oversight.models import Case, CaseStep
from jianfu.oversight.selectors import cases_visible_to, report_status
from tests.factories import oversight_report
from tests.oversight.conftest import UNFOUNDED, handle_to


def _day_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)


def test_a_case_not_accepted_by_its_deadline_escalates_to_the_city_bureau(baotou):
    case = oversight_report(school="固阳县金山小学").report.case

    escalated = cases_escalate_overdue(today=_day_after(case.accept_due_on))

    case.refresh_from_db()
    assert escalated == [case]
    assert (case.escalation_region.code, case.escalated_for, case.state) == ("150200", "accept", "received")
    assert case.escalated_at is not None
    step = CaseStep.objects.get(case=case, action="escalate")
    assert (step.actor, step.actor_label, step.organisation, step.note) == (
        None,
        "系统",
        "包头市教育局",
        f"受理期限{case.accept_due_on.isoformat()}已过，升级由包头市教育局督办",
    )
    event = AuditEvent.objects.get(action="case.escalate")
    assert (event.actor_label, event.region_code, event.extra) == (
        "系统",
        "150222",
        {"deadline": "accept", "due_on": case.accept_due_on.isoformat(), "state": "received"},
    )


def test_a_case_is_not_overdue_on_its_deadline_day(baotou):
    case = oversight_report(school="固阳县金山小学").report.case

    assert cases_escalate_overdue(today=case.accept_due_on) == []
    assert Case.objects.get().escalated_at is None


def test_escalating_twice_changes_nothing_the_second_time(baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    day = _day_after(case.accept_due_on)
    cases_escalate_overdue(today=day)
    before = (Case.objects.values().get(), CaseStep.objects.count(), AuditEvent.objects.count())

    assert cases_escalate_overdue(today=day + dt.timedelta(days=3)) == []
    assert (Case.objects.values().get(), CaseStep.objects.count(), AuditEvent.objects.count()) == before


def test_a_case_escalated_for_acceptance_escalates_again_when_it_misses_the_conclusion(baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    cases_escalate_overdue(today=_day_after(case.accept_due_on))
    handle_to(baotou.county, case, "accept")

    escalated = cases_escalate_overdue(today=_day_after(case.conclude_due_on))

    assert [c.escalated_for for c in escalated] == ["conclude"]
    assert list(CaseStep.objects.filter(action="escalate").values_list("note", flat=True)) == [
        f"受理期限{case.accept_due_on.isoformat()}已过，升级由包头市教育局督办",
        f"办结期限{case.conclude_due_on.isoformat()}已过，升级由包头市教育局督办",
    ]


def test_a_concluded_case_not_answered_in_time_escalates_for_the_reply(baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    case = handle_to(baotou.county, case, "accept", "investigate", "conclude", **UNFOUNDED)

    escalated = cases_escalate_overdue(today=_day_after(case.respond_due_on))

    assert [c.escalated_for for c in escalated] == ["respond"]


def test_a_handled_case_never_escalates(baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    handle_to(baotou.county, case, "accept", "investigate", "conclude", "respond", **UNFOUNDED)

    assert cases_escalate_overdue(today=_day_after(case.conclude_due_on) + dt.timedelta(days=30)) == []


def test_a_city_case_escalates_to_the_citys_supervision(baotou):
    case = oversight_report(organizer_name="包头市卫生健康委员会").report.case

    cases_escalate_overdue(today=_day_after(case.accept_due_on))

    case.refresh_from_db()
    assert (case.escalation_region, case.escalated_for) == (None, "accept")
    assert CaseStep.objects.get(action="escalate").organisation == "包头市教育督导部门"


def test_the_escalated_case_shows_in_the_lists_and_to_the_reporter(baotou):
    received = oversight_report(school="固阳县金山小学")
    case = received.report.case
    day = _day_after(case.accept_due_on)
    cases_escalate_overdue(today=day)

    assert list(cases_visible_to(user=baotou.city, status="escalated")) == [case]
    assert list(cases_visible_to(user=baotou.county, status="overdue", today=day)) == [case]
    assert list(cases_visible_to(user=baotou.county, status="overdue", today=case.accept_due_on)) == []
    status = report_status(raw_code=received.tracking_code, today=day)
    assert (status["overdue"], status["escalated"]) == (True, True)


def test_the_command_escalates_and_reports_what_it_did(baotou):
    case = oversight_report(school="固阳县金山小学").report.case
    out = StringIO()

    call_command("escalate-cases", today=_day_after(case.accept_due_on).isoformat(), stdout=out)

    day = _day_after(case.accept_due_on).isoformat()
    assert out.getvalue().splitlines() == [
        f"{case.report.number}\t固阳县\t受理逾期\t→ 包头市",
        f"{day}：升级督办 1 件",
    ]
    out = StringIO()
    call_command("escalate-cases", today=day, stdout=out)
    assert out.getvalue().splitlines() == [f"{day}：升级督办 0 件"]
