"""Handling a case: the steps in order, each with its timeline and audit rows; steps out of order refused with
nothing changed; who may act (404 out of scope, 403 when only visible); a founded conclusion records
accountability and feeds the case library that screens later Matters."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.matters.screening import screening_preview
from jianfu.oversight import cases
from jianfu.oversight.models import AccountabilityRecord, Case, CaseState, CaseStep
from jianfu.policy.models import ConfirmedCase
from tests.factories import oversight_report
from tests.oversight.conftest import FOUNDED, UNFOUNDED, handle_to


def _snapshot(case: Case) -> tuple:
    return (
        Case.objects.values().get(pk=case.pk),
        CaseStep.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
        ConfirmedCase.objects.count(),
        AccountabilityRecord.objects.count(),
    )


@pytest.fixture
def case(baotou):
    return oversight_report(school="固阳县金山小学").report.case


def test_a_case_goes_accept_investigate_conclude_respond_close_each_step_recorded(baotou, case):
    case = handle_to(baotou.county, case, "accept", "investigate", "conclude", "respond", "close", **FOUNDED)

    assert case.state == CaseState.CLOSED
    assert all(
        [case.accepted_at, case.investigating_at, case.concluded_at, case.responded_at, case.closed_at]
    )
    assert list(CaseStep.objects.filter(case=case).values_list("action", "from_state", "to_state")) == [
        ("receive", "", "received"),
        ("accept", "received", "accepted"),
        ("investigate", "accepted", "investigating"),
        ("conclude", "investigating", "concluded"),
        ("respond", "concluded", "responded"),
        ("close", "responded", "closed"),
    ]
    assert list(
        AuditEvent.objects.filter(object_type="oversight.case")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["case.accept", "case.investigate", "case.conclude", "case.respond", "case.close"]
    assert set(CaseStep.objects.exclude(action="receive").values_list("organisation", flat=True)) == {
        "固阳县教育局"
    }


@pytest.mark.parametrize(
    ("done", "refused"),
    [
        ((), "investigate"),
        ((), "conclude"),
        ((), "respond"),
        ((), "close"),
        (("accept",), "accept"),
        (("accept",), "respond"),
        (("accept", "investigate"), "close"),
        (("accept", "investigate", "conclude"), "investigate"),
    ],
)
def test_a_step_out_of_order_is_refused_and_nothing_changes(baotou, case, done, refused):
    case = handle_to(baotou.county, case, *done, **UNFOUNDED)
    before = _snapshot(case)

    with pytest.raises(ValidationError) as error:
        handle_to(baotou.county, case, refused, **FOUNDED)

    assert list(error.value.message_dict) == ["state"]
    assert _snapshot(case) == before


def test_a_founded_conclusion_records_accountability_and_enters_the_case_library(baotou, case):
    case = handle_to(baotou.county, case, "accept", "investigate", "conclude", **FOUNDED)

    record = AccountabilityRecord.objects.get()
    assert (
        record.case,
        record.department,
        record.department_name,
        record.person,
        record.measure,
        record.rule_id,
        record.action,
        record.action_detail,
        record.region.code,
        record.recorded_by,
    ) == (
        case,
        baotou.culture.department,
        "固阳县文化旅游局",
        "张某（办公室主任）",
        9,
        "M09.online-voting",
        "notice",
        "全县通报批评，责令立即停止。",
        "150222",
        baotou.county,
    )
    library = ConfirmedCase.objects.get()
    assert case.confirmed_case == library
    assert (
        library.measure,
        library.rule_id,
        library.title,
        library.organizer_name,
        library.confirmed_by,
    ) == (
        9,
        "M09.online-voting",
        "文旅部门要求教师为评选活动网络投票并截图",
        "固阳县文化旅游局",
        baotou.county,
    )
    assert library.source_note == f"举报案件{case.report.number}核查属实"
    assert case.respond_due_on > case.concluded_at.date()


def test_a_later_matter_resembling_a_founded_case_is_flagged_by_the_screening(baotou, case):
    handle_to(baotou.county, case, "accept", "investigate", "conclude", **FOUNDED)

    result = screening_preview(
        user=baotou.culture,
        data={"kind": "task", "title": "文旅部门要求教师为评选活动网络投票并截图"},
        partial=True,
    )

    case_findings = [finding for finding in result["findings"] if finding["rule"].startswith("CASE.")]
    assert [finding["measure"] for finding in case_findings] == [9]


def test_an_unfounded_conclusion_records_no_accountability(baotou, case):
    case = handle_to(baotou.county, case, "accept", "investigate", "conclude", **UNFOUNDED)

    assert (case.conclusion, case.confirmed_case) == ("unfounded", None)
    assert (AccountabilityRecord.objects.count(), ConfirmedCase.objects.count()) == (0, 0)


def test_a_founded_conclusion_without_accountability_is_refused_and_nothing_changes(baotou, case):
    case = handle_to(baotou.county, case, "accept", "investigate")
    before = _snapshot(case)

    with pytest.raises(ValidationError) as error:
        cases.case_conclude(actor=baotou.county, case_id=case.pk, conclusion="founded", note="属实。")

    assert error.value.message_dict == {
        "measure": ["请选择违反的条款（第1至20条）"],
        "department_name": ["请填写责任部门或单位"],
        "action": ["请选择处理方式"],
    }
    assert _snapshot(case) == before


def test_a_rule_of_another_measure_is_refused(baotou, case):
    case = handle_to(baotou.county, case, "accept", "investigate")

    with pytest.raises(ValidationError) as error:
        cases.case_conclude(actor=baotou.county, case_id=case.pk, **{**FOUNDED, "measure": 7})

    assert error.value.message_dict == {"rule_id": ["规则与条款不一致"]}


def test_a_reply_is_required_to_respond(baotou, case):
    case = handle_to(baotou.county, case, "accept", "investigate", "conclude", **UNFOUNDED)
    before = _snapshot(case)

    with pytest.raises(ValidationError) as error:
        cases.case_respond(actor=baotou.county, case_id=case.pk, reply="  ")

    assert error.value.message_dict == {"reply": ["请填写答复内容"]}
    assert _snapshot(case) == before


def test_another_countys_bureau_gets_404_and_nothing_changes(baotou, case):
    before = _snapshot(case)

    with pytest.raises(Http404):
        cases.case_accept(actor=baotou.other_county, case_id=case.pk)

    assert _snapshot(case) == before


def test_a_supervisor_sees_the_case_but_may_not_handle_it(baotou, case):
    before = _snapshot(case)

    with pytest.raises(PermissionDenied):
        cases.case_accept(actor=baotou.supervisor, case_id=case.pk)

    assert _snapshot(case) == before


def test_the_city_bureau_may_not_handle_a_county_case_before_it_escalates(baotou, case):
    with pytest.raises(PermissionDenied):
        cases.case_accept(actor=baotou.city, case_id=case.pk)

    case.escalation_region = baotou.city.region
    case.save(update_fields=["escalation_region"])

    assert cases.case_accept(actor=baotou.city, case_id=case.pk).state == CaseState.ACCEPTED


def test_a_department_or_teacher_cannot_reach_a_case(baotou, case):
    for user in (baotou.culture, baotou.teacher):
        with pytest.raises(Http404):
            cases.case_accept(actor=user, case_id=case.pk)
    assert Case.objects.get().state == CaseState.RECEIVED
