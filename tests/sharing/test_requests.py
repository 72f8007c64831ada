"""Requests for student data (measure 16): only institutions ask, with purpose, minimal fields and an expiry; only
the bureau of the source schools decides."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from jianfu.audit.models import AuditEvent
from jianfu.sharing import services
from jianfu.sharing.models import StudentExportRequest
from tests.factories import SchoolFactory, region
from tests.sharing.conftest import approved, in_days, submitted

Status = StudentExportRequest.Status


def _save(actor, schools, **overrides):
    values = {
        "purpose": "春季学生健康体检名单核对",
        "fields": ["class_name", "name"],
        "school_ids": [school.pk for school in schools],
        "expires_on": in_days(30),
    }
    values.update(overrides)
    return services.student_export_save(actor=actor, **values)


def test_a_department_saves_a_draft_routed_to_the_county_of_its_source_schools(setting):
    export = _save(setting.health, [setting.school])

    assert export.status == Status.DRAFT
    assert export.requester_department == setting.health.department
    assert export.requester_school is None
    assert export.route_region.code == "150222"
    assert export.fields == ["name", "class_name"]  # in the registry's order
    event = AuditEvent.objects.get(action="studentexportrequest.save")
    assert event.object_id == str(export.pk)
    assert event.region_code == "150222"
    assert event.changes["fields"] == [None, ["name", "class_name"]]


def test_source_schools_in_two_counties_go_to_the_city_bureau(setting):
    export = _save(setting.health, [setting.school, setting.other_school])

    assert export.route_region.code == "150200"


def test_a_school_asks_for_another_schools_students_for_a_transfer(setting):
    export = _save(setting.school_admin, [setting.school], submit=True)

    assert export.requester_school == setting.other_school
    assert export.requester_department is None
    assert export.status == Status.SUBMITTED
    assert export.route_region.code == "150222"


def test_a_teacher_cannot_request_student_data(setting):
    with pytest.raises(PermissionDenied):
        _save(setting.teacher, [setting.school])

    assert StudentExportRequest.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="studentexportrequest").exists()


def test_a_teachers_post_to_the_request_form_is_refused_and_nothing_is_saved(client, setting):
    client.force_login(setting.teacher)

    response = client.post(
        reverse("sharing:export_new"),
        {"purpose": "班级名单", "fields": ["name"], "schools": [setting.school.pk],
         "expires_on": in_days(10).isoformat(), "intent": "submit"},
    )  # fmt: skip

    assert response.status_code == 403
    assert StudentExportRequest.objects.count() == 0


def test_a_bureau_cannot_request_student_data_it_approves(setting):
    with pytest.raises(PermissionDenied):
        _save(setting.bureau, [setting.school])

    assert StudentExportRequest.objects.count() == 0


def test_a_request_without_a_purpose_is_refused(setting):
    with pytest.raises(ValidationError) as refused:
        _save(setting.health, [setting.school], purpose="  ")

    assert refused.value.message_dict == {"purpose": ["请写明数据用途"]}
    assert StudentExportRequest.objects.count() == 0


def test_a_request_without_fields_is_refused(setting):
    with pytest.raises(ValidationError) as refused:
        _save(setting.health, [setting.school], fields=[])

    assert refused.value.message_dict == {"fields": ["请从学籍字段中选择需要的字段（最少够用）"]}


def test_a_field_the_registry_does_not_offer_is_refused(setting):
    with pytest.raises(ValidationError) as refused:
        _save(setting.health, [setting.school], fields=["name", "id_cipher"])

    assert refused.value.message_dict == {"fields": ["请从学籍字段中选择需要的字段（最少够用）"]}


def test_asking_for_the_id_number_needs_a_justification(setting):
    with pytest.raises(ValidationError) as refused:
        _save(setting.health, [setting.school], fields=["name", "id_number"])

    assert refused.value.message_dict == {"id_justification": ["申请导出身份证件号，须说明必要性"]}
    assert StudentExportRequest.objects.count() == 0


def test_an_expiry_more_than_90_days_ahead_is_refused(setting):
    with pytest.raises(ValidationError) as refused:
        _save(setting.health, [setting.school], expires_on=in_days(91))

    assert refused.value.message_dict == {"expires_on": ["有效期最长90天，到期后如仍需要请重新申请"]}


def test_an_expiry_in_the_past_is_refused(setting):
    with pytest.raises(ValidationError) as refused:
        _save(setting.health, [setting.school], expires_on=in_days(-1))

    assert refused.value.message_dict == {"expires_on": ["有效期不能早于今天"]}


def test_a_county_department_cannot_name_a_school_of_another_county(setting):
    with pytest.raises(ValidationError) as refused:
        _save(setting.county_police, [setting.other_school])

    assert refused.value.message_dict == {"schools": ["所选学校不在可申请范围内"]}
    assert StudentExportRequest.objects.count() == 0


def test_a_submitted_request_can_no_longer_be_changed_by_its_requester(setting):
    export = submitted(setting)

    with pytest.raises(Http404):
        _save(setting.health, [setting.school], export_id=export.pk, purpose="改为全部字段")

    export.refresh_from_db()
    assert export.purpose == "春季学生健康体检名单核对"


def test_the_county_bureau_approves_a_submitted_request(setting):
    export = submitted(setting)

    services.student_export_decide(actor=setting.bureau, export_id=export.pk, approve=True, reason="同意")

    export.refresh_from_db()
    assert (export.status, export.decided_by, export.decision_reason) == (
        Status.APPROVED,
        setting.bureau,
        "同意",
    )
    assert export.allow_unmasked_id is False
    event = AuditEvent.objects.get(action="studentexportrequest.approve")
    assert event.changes == {"status": ["submitted", "approved"], "allow_unmasked_id": [False, False]}
    assert event.region_code == "150222"


def test_another_countys_bureau_cannot_approve_and_nothing_changes(client, setting):
    export = submitted(setting)
    client.force_login(setting.other_bureau)

    response = client.post(reverse("sharing:export_decide", args=[export.pk]), {"decision": "approve"})

    assert response.status_code == 404
    export.refresh_from_db()
    assert (export.status, export.decided_by, export.decided_at) == (Status.SUBMITTED, None, None)
    assert not AuditEvent.objects.filter(action="studentexportrequest.approve").exists()


def test_the_city_bureau_does_not_decide_a_request_routed_to_a_county(setting):
    export = submitted(setting)

    with pytest.raises(Http404):
        services.student_export_decide(actor=setting.city_bureau, export_id=export.pk, approve=True)

    export.refresh_from_db()
    assert export.status == Status.SUBMITTED


def test_the_requesting_department_cannot_approve_its_own_request(setting):
    export = submitted(setting)

    with pytest.raises(PermissionDenied):
        services.student_export_decide(actor=setting.health, export_id=export.pk, approve=True)

    export.refresh_from_db()
    assert export.status == Status.SUBMITTED


def test_a_draft_cannot_be_approved(setting):
    export = _save(setting.health, [setting.school])

    with pytest.raises(Http404):
        services.student_export_decide(actor=setting.bureau, export_id=export.pk, approve=True)

    export.refresh_from_db()
    assert export.status == Status.DRAFT


def test_a_rejection_needs_a_reason(setting):
    export = submitted(setting)

    with pytest.raises(ValidationError) as refused:
        services.student_export_decide(actor=setting.bureau, export_id=export.pk, approve=False)

    assert refused.value.message_dict == {"reason": ["驳回须写明理由"]}
    export.refresh_from_db()
    assert export.status == Status.SUBMITTED


def test_a_rejected_request_records_the_reason(setting):
    export = submitted(setting)

    services.student_export_decide(
        actor=setting.bureau, export_id=export.pk, approve=False, reason="用途不明确"
    )

    export.refresh_from_db()
    assert (export.status, export.decision_reason) == (Status.REJECTED, "用途不明确")
    assert AuditEvent.objects.get(action="studentexportrequest.reject").reason == "用途不明确"


def test_unmasked_ids_cannot_be_allowed_when_the_id_number_was_not_requested(setting):
    export = submitted(setting)

    with pytest.raises(ValidationError) as refused:
        services.student_export_decide(
            actor=setting.bureau, export_id=export.pk, approve=True, reason="同意", allow_unmasked_id=True
        )

    assert refused.value.message_dict == {"allow_unmasked_id": ["该申请未申请身份证件号"]}
    export.refresh_from_db()
    assert (export.status, export.allow_unmasked_id) == (Status.SUBMITTED, False)


def test_allowing_unmasked_ids_is_recorded_on_the_approval(setting):
    export = approved(
        setting,
        fields=["name", "id_number"],
        id_justification="体检系统按身份证号建档",
        allow_unmasked_id=True,
    )

    assert (export.status, export.allow_unmasked_id) == (Status.APPROVED, True)
    event = AuditEvent.objects.get(action="studentexportrequest.approve")
    assert event.changes["allow_unmasked_id"] == [False, True]
    assert event.reason == "体检须核对身份"


def test_a_request_whose_expiry_passed_while_waiting_cannot_be_approved(setting):
    export = submitted(setting)
    StudentExportRequest.objects.filter(pk=export.pk).update(expires_on=in_days(-1))

    with pytest.raises(ValidationError) as refused:
        services.student_export_decide(actor=setting.bureau, export_id=export.pk, approve=True)

    assert refused.value.message_dict == {"expires_on": ["申请已过有效期，不能批准"]}
    export.refresh_from_db()
    assert export.status == Status.SUBMITTED


def test_a_school_names_schools_of_other_counties_of_its_city_but_not_itself(setting):
    far = SchoolFactory(region=region("150207"), name="九原区第一小学")

    export = _save(setting.school_admin, [far])
    with pytest.raises(ValidationError):
        _save(setting.school_admin, [setting.other_school])

    assert export.route_region.code == "150207"
