"""Merging similar Matters and reusing an earlier inspection's results (measures 2 and 12, 互认共享)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jianfu.audit.models import AuditEvent
from jianfu.matters import merging, selectors, workflow
from jianfu.matters.models import Matter, State
from jianfu.matters.services.merging import matter_merge, matter_reuse_record
from tests.factories import department_user
from tests.matters.conftest import campus_activity, decide, inspection, later, submit


@pytest.fixture
def fire_brigade(town):
    return department_user("固阳县消防救援大队", region_code="150222")


@pytest.fixture
def pair(town, fire_brigade):
    """Two alike campus activities at school A from two departments, the police's submitted first."""
    first = submit(
        town.police, campus_activity(town.school_a, title="消防安全知识宣讲进校园", date=later(40))
    )
    second = submit(
        fire_brigade, campus_activity(town.school_a, title="消防安全知识宣讲进校园", date=later(41))
    )
    return first, second


def _state(matter):
    row = Matter.objects.get(pk=matter.pk)
    return (row.state, row.merged_into_id, row.reuses_id, row.steps.count())


def test_the_screening_lists_the_earlier_matter_and_the_approver_sees_them_side_by_side(town, pair, client):
    first, second = pair
    assert [int(item["id"]) for item in second.similar] == [first.pk]
    client.force_login(town.county_edu)

    page = client.get(reverse("matters:detail", args=[second.pk])).content.decode()

    block = page[page.index('data-testid="similar"') :]
    item = block[block.index('data-testid="similar-item"') :]
    assert "固阳县公安局" in item
    assert "固阳县第一小学" in item
    assert later(40) in item
    assert "教育部门审批" in item
    assert 'data-testid="merge-into"' in item
    assert 'data-testid="reuse-results"' not in item  # campus activities have no inspection results


def test_the_approver_merges_the_later_matter_into_the_earlier_one(town, pair, client):
    first, second = pair
    client.force_login(town.county_edu)

    response = client.post(reverse("matters:merge", args=[second.pk]), {"into": first.pk})

    assert response["Location"] == reverse("matters:detail", args=[second.pk])
    second.refresh_from_db()
    assert (second.state, second.merged_into, second.verification_code) == (State.MERGED, first, None)
    assert second.decided_at is not None
    merged_step = second.steps.order_by("at", "id").last()
    assert (merged_step.action, merged_step.from_state, merged_step.to_state, merged_step.reason) == (
        "merge",
        "bureau_review",
        "merged",
        f"已与事项{first.pk}「消防安全知识宣讲进校园」合并",
    )
    absorbed = first.steps.order_by("at", "id").last()
    assert (absorbed.action, absorbed.reason) == (
        "absorb",
        f"固阳县消防救援大队的事项{second.pk}「消防安全知识宣讲进校园」并入本事项",
    )
    event = AuditEvent.objects.get(action="matter.merge")
    assert (event.actor, event.object_id, event.region_code) == (town.county_edu, str(second.pk), "150222")
    assert event.changes == {"state": ["bureau_review", "merged"], "merged_into": [None, first.pk]}
    assert Matter.objects.get(pk=first.pk).state == State.BUREAU_REVIEW  # the earlier one goes on as it was
    merged_page = client.get(reverse("matters:detail", args=[second.pk])).content.decode()
    assert 'data-testid="merged-into"' in merged_page
    assert "已合并" in merged_page
    assert (
        f"事项{second.pk}「消防安全知识宣讲进校园」"
        in client.get(reverse("matters:detail", args=[first.pk])).content.decode()
    )
    assert second.pk not in [m.pk for m in selectors.inbox_for(user=town.county_edu)]


def test_a_merge_into_an_approved_matter_is_possible_too(town, pair):
    first, second = pair
    decide(town.county_edu, first)

    merged = matter_merge(actor=town.county_edu, matter_id=second.pk, into_id=first.pk)

    assert (merged.state, merged.merged_into_id) == (State.MERGED, first.pk)


def test_a_merge_into_a_later_matter_is_refused_and_changes_nothing(town, pair):
    first, second = pair
    before = (_state(first), _state(second), AuditEvent.objects.count())
    first.similar = [{"id": str(second.pk), "kind": first.kind, "title": second.title, "score": 1.0}]
    first.save(update_fields=["similar"])

    with pytest.raises(ValidationError) as refused:
        matter_merge(actor=town.county_edu, matter_id=first.pk, into_id=second.pk)

    assert refused.value.message_dict == {"other": ["只能合并到更早提交的事项"]}
    assert (_state(first), _state(second), AuditEvent.objects.count()) == before


def test_only_a_matter_the_screening_listed_may_be_merged_into(town, pair):
    first, second = pair
    unrelated = submit(town.police, campus_activity(town.school_a, title="防溺水宣讲", description="防溺水"))
    second.similar = []
    second.save(update_fields=["similar"])

    with pytest.raises(ValidationError) as refused:
        matter_merge(actor=town.county_edu, matter_id=second.pk, into_id=first.pk)

    assert refused.value.message_dict == {"other": ["只能选择筛查列出的相似事项"]}
    assert _state(unrelated)[0] == State.BUREAU_REVIEW
    assert _state(second)[0] == State.BUREAU_REVIEW


def test_the_rules_refuse_another_kind_the_matter_itself_and_a_rejected_target(town, pair):
    first, second = pair
    other_kind = Matter(pk=10**6, kind="meeting", state=State.APPROVED, submitted_at=first.submitted_at)
    rejected = Matter(pk=10**6 + 1, kind=first.kind, state=State.REJECTED, submitted_at=first.submitted_at)

    assert merging.merge_refusal(matter=second, target=other_kind) == "只能与同类事项合并"
    assert merging.merge_refusal(matter=second, target=second) == "不能与自身合并"
    assert merging.merge_refusal(matter=second, target=rejected) == "只能合并到已批准或审批中的事项"
    assert merging.merge_refusal(matter=second, target=first) is None


def test_the_chains_have_merge_as_a_step_to_a_final_state(town, pair):
    _, second = pair
    assert workflow.next_state(second, "merge") == State.MERGED
    matter_merge(actor=town.county_edu, matter_id=second.pk, into_id=pair[0].pk)
    second.refresh_from_db()

    assert workflow.next_state(second, "approve") is None
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.fire(second, "merge")


def test_who_may_not_merge_gets_404_or_403_and_nothing_changes(town, pair, fire_brigade, client):
    first, second = pair
    before = (_state(first), _state(second))

    for user, status in (
        (town.county_b_edu, 404),
        (town.police, 404),
        (fire_brigade, 403),
        (town.county_party, 404),
    ):
        client.force_login(user)
        audit_rows = AuditEvent.objects.count()
        response = client.post(reverse("matters:merge", args=[second.pk]), {"into": first.pk})
        assert (user.username, response.status_code) == (user.username, status)
        assert (_state(first), _state(second)) == before
        assert AuditEvent.objects.count() == audit_rows
    with pytest.raises(PermissionDenied):
        matter_merge(actor=fire_brigade, matter_id=second.pk, into_id=first.pk)


# --- reuse of inspection results ----------------------------------------------------------------------------


@pytest.fixture
def inspections(town, fire_brigade):
    earlier = submit(town.police, inspection(town.school_a, title="校园消防安全检查", starts_on=later(60)))
    decide(town.county_party, decide(town.county_edu, earlier, reason="会商同意"), reason="同意")
    later_one = submit(fire_brigade, inspection(town.school_a, title="校园消防安全检查", starts_on=later(75)))
    return Matter.objects.get(pk=earlier.pk), later_one


def test_an_inspection_reuses_an_earlier_inspections_results_shown_on_both(town, inspections, client):
    earlier, later_one = inspections
    assert [int(item["id"]) for item in later_one.similar] == [earlier.pk]
    client.force_login(town.county_edu)
    assert (
        'data-testid="reuse-results"'
        in client.get(reverse("matters:detail", args=[later_one.pk])).content.decode()
    )

    client.post(reverse("matters:reuse", args=[later_one.pk]), {"source": earlier.pk})

    later_one.refresh_from_db()
    assert (later_one.reuses, later_one.state) == (earlier, State.CONSULTATION)
    assert [(s.action, s.reason) for s in later_one.steps.filter(action="reuse")] == [
        ("reuse", f"沿用事项{earlier.pk}「校园消防安全检查」的检查结果和材料，学校不再重复提供")
    ]
    assert [(s.action, s.reason) for s in earlier.steps.filter(action="reused")] == [
        ("reused", f"检查结果和材料被固阳县消防救援大队的事项{later_one.pk}「校园消防安全检查」沿用")
    ]
    event = AuditEvent.objects.get(action="matter.reuse")
    assert (event.object_id, event.changes) == (str(later_one.pk), {"reuses": [None, earlier.pk]})
    assert (
        'data-testid="reuses"' in client.get(reverse("matters:detail", args=[later_one.pk])).content.decode()
    )
    assert (
        'data-testid="reused-by"' in client.get(reverse("matters:detail", args=[earlier.pk])).content.decode()
    )


def test_a_reuse_is_recorded_once_and_only_from_an_approved_inspection(town, inspections):
    earlier, later_one = inspections
    matter_reuse_record(actor=town.county_edu, matter_id=later_one.pk, source_id=earlier.pk)
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as again:
        matter_reuse_record(actor=town.county_edu, matter_id=later_one.pk, source_id=earlier.pk)

    assert again.value.message_dict == {"other": ["已记录沿用该检查的结果"]}
    assert AuditEvent.objects.count() == audit_rows
    pending = Matter(pk=10**6, kind="inspection", state=State.CONSULTATION, submitted_at=earlier.submitted_at)
    assert merging.reuse_refusal(matter=later_one, source=pending) == "只能沿用已批准的检查"


def test_a_department_cannot_record_a_reuse_404_and_nothing_changes(town, inspections, fire_brigade, client):
    earlier, later_one = inspections
    client.force_login(town.county_b_edu)

    response = client.post(reverse("matters:reuse", args=[later_one.pk]), {"source": earlier.pk})

    assert response.status_code == 404
    assert Matter.objects.get(pk=later_one.pk).reuses_id is None
    assert not AuditEvent.objects.filter(action="matter.reuse").exists()


def test_the_submitter_of_the_merged_matter_is_told_it_was_merged(town, pair, fire_brigade, client):
    first, second = pair
    matter_merge(actor=town.county_edu, matter_id=second.pk, into_id=first.pk)
    client.force_login(fire_brigade)

    page = client.get(reverse("matters:detail", args=[second.pk])).content.decode()

    assert f"本事项已与事项{first.pk}合并，不再单独办理。" in page
    assert 'data-testid="state">已合并</span>' in page
