"""The approval chains: who acts at each step, in which order, and what may not be approved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Chain, Matter, State
from tests.factories import TeacherFactory
from tests.matters.conftest import campus_activity, decide, inspection, secondment, social_exam, submit


def _timeline(matter):
    return [(step.action, step.organisation, step.to_state) for step in matter.steps.order_by("at", "id")]


def test_another_departments_inspection_goes_consultation_then_party_then_bureau_coordinates(town):
    matter = submit(town.police, inspection(town.school_a))
    assert (matter.chain, matter.state, matter.route_region.code) == (
        Chain.INSPECTION,
        State.CONSULTATION,
        "150222",
    )

    matter = decide(town.county_edu, matter)
    assert matter.state == State.PARTY_REVIEW
    assert matter.party_reached_at is not None

    matter = decide(town.county_party, matter)

    assert matter.state == State.APPROVED
    assert len(matter.verification_code) == 8
    assert matter.approved_by_label == "中共固阳县委"
    assert _timeline(matter) == [
        ("create", "固阳县公安局", "draft"),
        ("submit", "固阳县公安局", "consultation"),
        ("approve", "固阳县教育局", "party_review"),
        ("approve", "中共固阳县委", "approved"),
        ("coordinate", "固阳县教育局", ""),
        ("publish", "中共固阳县委", "approved"),
    ]
    assert list(
        AuditEvent.objects.filter(object_type="matters.matter", object_id=str(matter.pk))
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["matter.create", "matter.submit", "matter.approve", "matter.approve", "matter.publish"]


def test_an_education_bureaus_own_matter_needs_only_the_bureau_of_its_level(town):
    from tests.factories import bureau_user

    colleague = bureau_user("150222")  # another account of the same bureau submits
    matter = submit(colleague, inspection(town.school_a, title="学期初教学常规检查"))
    assert (matter.chain, matter.state) == (Chain.EDUCATION_OWN, State.BUREAU_REVIEW)

    matter = decide(town.county_edu, matter)

    assert matter.state == State.APPROVED
    assert matter.approved_by_label == "固阳县教育局"


def test_a_campus_activity_is_approved_by_the_education_bureau(town):
    matter = submit(town.police, campus_activity(town.school_a))
    assert (matter.chain, matter.state) == (Chain.BUREAU, State.BUREAU_REVIEW)

    matter = decide(town.county_edu, matter)

    assert matter.state == State.APPROVED


def test_a_social_exam_is_approved_by_the_education_bureau(town):
    matter = submit(town.police, social_exam(town.school_a))
    assert (matter.chain, matter.state) == (Chain.BUREAU, State.BUREAU_REVIEW)

    assert decide(town.county_edu, matter).state == State.APPROVED


def test_a_secondment_needs_bureau_consent_then_party_filing(town):
    teacher = TeacherFactory(school=town.school_a)
    matter = submit(town.police, secondment(town.school_a, teacher.pk))
    assert (matter.chain, matter.state, matter.teacher) == (Chain.SECONDMENT, State.BUREAU_REVIEW, teacher)
    assert matter.verdict == "pass"  # consent and filing are what the chain itself obtains

    matter = decide(town.county_edu, matter)
    assert matter.state == State.PARTY_FILING
    matter = decide(town.county_party, matter)

    assert matter.state == State.APPROVED


def test_a_secondment_longer_than_six_months_is_blocked_and_cannot_be_approved(town):
    teacher = TeacherFactory(school=town.school_a)
    matter = submit(town.police, secondment(town.school_a, teacher.pk, ends_on=_days(40 + 250)))
    assert matter.verdict == "block"
    assert "M14.secondment-term" in [finding["rule"] for finding in matter.findings]
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        decide(town.county_edu, matter, reason="确有需要")

    assert refused.value.message_dict == {
        "action": ["筛查结论为“禁止”，该事项不能批准；请不予批准或退回修改"]
    }
    assert Matter.objects.get(pk=matter.pk).state == State.BUREAU_REVIEW
    assert AuditEvent.objects.count() == audit_rows


def _days(n):
    from tests.matters.conftest import later

    return later(n)


def test_a_review_finding_needs_the_approvers_written_justification(town):
    matter = submit(town.police, inspection(town.school_a))
    assert matter.verdict == "review"

    with pytest.raises(ValidationError) as refused:
        decide(town.county_edu, matter, reason="  ")
    assert refused.value.message_dict == {"reason": ["筛查提出了需审查的意见，批准前请写明可以接受的理由"]}
    assert Matter.objects.get(pk=matter.pk).state == State.CONSULTATION

    matter = decide(town.county_edu, matter, reason="全县校园安全隐患排查，确需现场检查")
    assert matter.justification == "全县校园安全隐患排查，确需现场检查"
    assert matter.steps.get(action="approve").reason == "全县校园安全隐患排查，确需现场检查"


def test_reject_and_send_back_need_a_reason(town):
    matter = submit(town.police, campus_activity(town.school_a))

    for action in ("reject", "send_back"):
        with pytest.raises(ValidationError):
            decide(town.county_edu, matter, action=action, reason="")
    assert Matter.objects.get(pk=matter.pk).state == State.BUREAU_REVIEW


def test_sent_back_the_submitter_edits_and_resubmits(town):
    from jianfu.matters.services.matters import matter_submit, matter_update_draft

    matter = submit(town.police, campus_activity(town.school_a))
    matter = decide(town.county_edu, matter, action="send_back", reason="请写明活动时长和主讲人")
    assert matter.state == State.RETURNED

    matter_update_draft(
        actor=town.police,
        matter_id=matter.pk,
        data=campus_activity(town.school_a, title="交通安全宣讲（交警大队主讲，1.5小时）"),
    )
    matter = matter_submit(actor=town.police, matter_id=matter.pk)

    assert (matter.state, matter.title) == (State.BUREAU_REVIEW, "交通安全宣讲（交警大队主讲，1.5小时）")
    assert [step.action for step in matter.steps.order_by("at", "id")] == [
        "create", "submit", "send_back", "update", "submit",
    ]  # fmt: skip


def test_a_rejected_matter_is_final(town):
    matter = submit(town.police, campus_activity(town.school_a))
    matter = decide(town.county_edu, matter, action="reject", reason="与课程内容重复")

    assert matter.state == State.REJECTED
    with pytest.raises(PermissionDenied):
        decide(town.county_edu, matter)


def test_one_countys_schools_go_to_that_county_several_counties_to_the_city(town):
    one = submit(
        town.police, campus_activity(town.school_a, school_codes=[town.school_a.code, town.school_a2.code])
    )
    several = submit(
        town.city_police,
        campus_activity(town.school_a, school_codes=[town.school_a.code, town.school_b.code]),
    )

    assert one.route_region.code == "150222"
    assert several.route_region.code == "150200"


def test_a_city_department_goes_to_the_city_bodies_even_for_one_countys_school(town):
    matter = submit(town.city_police, inspection(town.school_a))

    assert matter.route_region.code == "150200"
    with pytest.raises(PermissionDenied):
        decide(town.county_edu, matter)
    assert decide(town.city_edu, matter).state == State.PARTY_REVIEW
    assert decide(town.city_party, matter).state == State.APPROVED


@pytest.mark.parametrize("who", ["county_party", "county_b_edu", "city_edu", "police"])
def test_only_the_approver_of_the_current_step_may_decide_and_a_refusal_changes_nothing(town, who):
    from django.http import Http404

    matter = submit(town.police, inspection(town.school_a))
    audit_rows, steps = AuditEvent.objects.count(), matter.steps.count()

    with pytest.raises((PermissionDenied, Http404)):
        decide(getattr(town, who), matter)

    assert Matter.objects.get(pk=matter.pk).state == State.CONSULTATION
    assert (AuditEvent.objects.count(), matter.steps.count()) == (audit_rows, steps)


def test_the_submitter_never_approves_their_own_matter(town):
    from tests.factories import bureau_user

    matter = submit(town.county_edu, campus_activity(town.school_a))

    with pytest.raises(PermissionDenied):
        decide(town.county_edu, matter)
    assert decide(bureau_user("150222"), matter).state == State.APPROVED


def test_an_extension_of_a_secondment_needs_the_schools_and_the_teachers_consent(town):
    import datetime as dt

    from jianfu.matters.services.secondments import secondment_extend

    teacher = TeacherFactory(school=town.school_a)
    matter = decide(
        town.county_party, decide(town.county_edu, submit(town.police, secondment(town.school_a, teacher.pk)))
    )
    new_end = matter.ends_on + dt.timedelta(days=60)

    with pytest.raises(ValidationError) as refused:
        secondment_extend(
            actor=town.county_edu,
            matter_id=matter.pk,
            ends_on=new_end,
            school_consents=True,
            teacher_consents=False,
        )
    assert refused.value.message_dict == {"teacher_consents": ["延期须经教师本人同意"]}

    extended = secondment_extend(
        actor=town.county_edu,
        matter_id=matter.pk,
        ends_on=new_end,
        school_consents=True,
        teacher_consents=True,
    )
    assert extended.ends_on == new_end
    assert extended.steps.filter(action="extend").count() == 1
