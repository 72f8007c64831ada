"""Approvers racing on the same step of the same Matter: one decision wins, the others are told that the step
was decided (by whom, or by themselves a moment before), and the Matter, its timeline, its audit rows and its
quota counter record the winner once (services.decisions)."""

import pytest

from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Matter, MatterStep, QuotaCounter, State
from jianfu.matters.services.decisions import StepAlreadyDecided, matters_approve_routine
from tests.factories import SchoolFactory, bureau_user, region
from tests.faults.conftest import POSTGRESQL_ONLY, race
from tests.matters.conftest import campus_activity, decide, inspection, social_exam, submit

pytestmark = [POSTGRESQL_ONLY, pytest.mark.django_db(transaction=True)]

ALREADY_YOURS = "StepAlreadyDecided: 您已办理过这一审批环节（同意），请勿重复提交。"
RACERS = 6
ROUNDS = 3


def decided_by(approver, decision: str) -> str:
    """What the loser is told when `approver` took the step first."""
    return (
        f"这一审批环节已由其他审批人（{approver}）办理（{decision}），您的操作未执行，事项未作更改。"
        "请查看事项的当前状态。"
    )


def _audit_actions(matter) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="matters.matter", object_id=str(matter.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _step_actions(matter) -> list[str]:
    return list(
        MatterStep.objects.filter(matter=matter).order_by("at", "id").values_list("action", flat=True)
    )


def _outcomes(results) -> list[str]:
    """Each racer's outcome, the winner first."""
    return sorted(
        ("approved" if kind == "ok" else f"{type(value).__name__}: {value}" for kind, value in results),
        key=lambda outcome: outcome != "approved",
    )


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_same_approver_approving_a_matter_six_times_at_once_publishes_it_once(town, round_):
    matter = submit(town.police, campus_activity(town.school_a, title=f"并发审批{round_}"))

    results = race([lambda: decide(town.county_edu, matter)] * RACERS)

    assert _outcomes(results) == ["approved"] + [ALREADY_YOURS] * (RACERS - 1)
    stored = Matter.objects.get(pk=matter.pk)
    assert stored.state == State.APPROVED
    assert len(stored.verification_code) == 8
    assert _audit_actions(matter) == ["matter.create", "matter.submit", "matter.approve", "matter.publish"]
    assert _step_actions(matter) == ["create", "submit", "approve", "publish"]
    assert QuotaCounter.objects.get(school=town.school_a).used == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_approvers_racing_approve_against_reject_leave_exactly_one_decision(town, round_):
    colleague = bureau_user("150222")  # a second account of the same county bureau, allowed the same step
    matter = submit(town.police, campus_activity(town.school_a, title=f"批准与驳回并发{round_}"))

    results = race(
        [
            lambda: decide(town.county_edu, matter),
            lambda: decide(colleague, matter, action="reject", reason="与学校教学安排冲突"),
        ]
    )

    winners = [value for kind, value in results if kind == "ok"]
    losers = [value for kind, value in results if kind == "error"]
    assert len(winners) == 1
    stored = Matter.objects.get(pk=matter.pk)
    assert stored.state == winners[0].state
    winner, decision = (
        (town.county_edu, "同意") if stored.state == State.APPROVED else (colleague, "不予批准")
    )
    assert [(type(e), str(e)) for e in losers] == [(StepAlreadyDecided, decided_by(winner, decision))]
    if stored.state == State.APPROVED:
        assert _audit_actions(matter) == [
            "matter.create",
            "matter.submit",
            "matter.approve",
            "matter.publish",
        ]
        assert QuotaCounter.objects.get(school=town.school_a).used == 1
    else:
        assert stored.state == State.REJECTED
        assert _audit_actions(matter) == ["matter.create", "matter.submit", "matter.reject"]
        assert stored.verification_code in ("", None)
        assert QuotaCounter.objects.filter(school=town.school_a, used__gt=0).count() == 0


def test_racing_the_first_step_of_a_two_step_chain_moves_it_one_step_only(town):
    matter = submit(town.police, inspection(town.school_a, title="两级审批并发"))

    results = race([lambda: decide(town.county_edu, matter, reason="会商同意")] * RACERS)

    assert _outcomes(results) == ["approved"] + [ALREADY_YOURS] * (RACERS - 1)
    assert Matter.objects.get(pk=matter.pk).state == State.PARTY_REVIEW
    assert _audit_actions(matter) == ["matter.create", "matter.submit", "matter.approve"]
    assert _step_actions(matter) == ["create", "submit", "approve"]


def test_two_approvers_batch_approving_the_same_matters_in_opposite_orders_approve_each_once(town):
    colleague = bureau_user("150222")
    schools = [SchoolFactory(region=region("150222")) for _ in range(5)]
    matters = [submit(town.police, social_exam(school, proctors_needed=0)) for school in schools]
    assert {matter.verdict for matter in matters} == {"pass"}  # routine: batch approval takes them
    ids = [matter.pk for matter in matters]

    results = race(
        [
            lambda: matters_approve_routine(actor=town.county_edu, matter_ids=ids),
            lambda: matters_approve_routine(actor=colleague, matter_ids=list(reversed(ids))),
        ]
    )

    [(kind_a, (approved_a, skipped_a)), (kind_b, (approved_b, skipped_b))] = results
    assert (kind_a, kind_b) == ("ok", "ok")
    assert sorted(approved_a + approved_b) == sorted(ids)  # each approved by exactly one of them
    assert sorted(skipped_a) == sorted(set(ids) - set(approved_a))
    assert sorted(skipped_b) == sorted(set(ids) - set(approved_b))
    # Each skipped Matter was approved by the other one first, and the message says so.
    assert skipped_a == dict.fromkeys(skipped_a, decided_by(colleague, "同意"))
    assert skipped_b == dict.fromkeys(skipped_b, decided_by(town.county_edu, "同意"))
    assert Matter.objects.filter(pk__in=ids, state=State.APPROVED).count() == len(ids)
    assert AuditEvent.objects.filter(action="matter.approve").count() == len(ids)
    assert AuditEvent.objects.filter(action="matter.publish").count() == len(ids)
    assert [c.used for c in QuotaCounter.objects.filter(school__in=schools, bucket__startswith="exam")] == [
        1
    ] * 5
