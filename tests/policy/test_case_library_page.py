"""The case library page: supervisors confirm violations (audited); others read; the next screening learns."""

from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.policy.models import ConfirmedCase
from tests.factories import user_with_role

CASE = {
    "measure": "9",
    "rule_id": "",
    "title": "要求教师为“最美社区”网络投票",
    "description": "街道办要求全体教师每天投票并截图。",
    "organizer_name": "某街道办事处",
    "source_note": "举报2026-031核实",
}


def test_a_supervisor_adds_a_case_and_it_is_audited(client, db):
    supervisor = user_with_role(Role.SUPERVISOR)
    client.force_login(supervisor)

    response = client.post(reverse("policy:cases"), CASE)

    assert response.status_code == 302
    case = ConfirmedCase.objects.get()
    assert (case.measure, case.title, case.confirmed_by) == (9, "要求教师为“最美社区”网络投票", supervisor)
    event = AuditEvent.objects.get(action="confirmedcase.create")
    assert (event.actor, event.reason) == (supervisor, "举报2026-031核实")


def test_a_county_bureau_reads_the_library_but_cannot_add_and_nothing_changes(client, db):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    page = client.get(reverse("policy:cases"))
    client.post(reverse("policy:cases"), CASE)

    assert page.status_code == 200
    assert page.context["form"] is None
    assert ConfirmedCase.objects.count() == 0
    assert not AuditEvent.objects.filter(category="change").exists()


def test_a_rule_of_another_measure_is_refused_with_a_chinese_message(client, db):
    client.force_login(user_with_role(Role.SUPERVISOR))

    response = client.post(reverse("policy:cases"), {**CASE, "rule_id": "M10.app-install"})

    assert response.status_code == 200
    assert response.context["form"].errors["rule_id"] == ["规则与条款不一致"]
    assert ConfirmedCase.objects.count() == 0
