"""The pipeline's pages: the form saves drafts and submits, live screening, detail, inbox, menu entries."""

import re

from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Matter, State
from tests.factories import bureau_user, user_with_role
from tests.matters.conftest import campus_activity, decide, inspection, later, submit


def _form(town, **overrides):
    data = {
        "kind": "campus_activity",
        "title": "防溺水安全宣讲进校园",
        "description": "消防救援站为学生讲解防溺水知识。",
        "schools": [town.school_a.code],
        "targets.students": "on",
        "starts_on": later(40),
        "campus_activity.hours": "1",
        "campus_activity.theme": "防溺水",
        "intent": "draft",
    }
    data.update(overrides)
    return data


def test_the_form_saves_a_draft_then_submits_it(town, client):
    client.force_login(town.police)

    response = client.post(reverse("matters:new"), _form(town))
    matter = Matter.objects.get()
    assert response["Location"] == reverse("matters:detail", args=[matter.pk])
    assert (matter.state, matter.payload["hours"], matter.payload["school_codes"]) == (
        "draft",
        1.0,
        [town.school_a.code],
    )

    client.post(reverse("matters:edit", args=[matter.pk]), _form(town, intent="submit"))

    matter.refresh_from_db()
    assert (matter.state, matter.verdict) == (State.BUREAU_REVIEW, "review")


def test_a_bad_form_shows_the_errors_naming_the_fields(town, client):
    client.force_login(town.police)

    response = client.post(
        reverse("matters:new"), _form(town, intent="submit", **{"campus_activity.hours": "一小时"})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<code>hours</code>：应为数字" in page
    assert Matter.objects.count() == 0


def test_live_screening_preview_answers_with_findings_citing_measures(town, client):
    client.force_login(town.police)
    data = inspection(town.school_a, description="请各校组织教师下载安装反诈APP并截图上报。")

    body = client.post(reverse("matters:screen_preview"), data, content_type="application/json").json()

    assert body["verdict"] == "block"
    rules = {finding["rule"]: finding for finding in body["findings"]}
    assert rules["M10.app-install"]["measure"] == 10
    assert rules["M10.app-install"]["quote"].startswith("除党委政府要求的时政学习外")


def test_an_incomplete_form_already_gets_its_text_screened_and_the_missing_fields_listed(town, client):
    client.force_login(town.police)

    response = client.post(
        reverse("matters:screen_preview"),
        {"kind": "inspection", "title": "请各校组织全体教师下载注册反诈APP"},
        content_type="application/json",
    )

    body = response.json()
    assert response.status_code == 200
    assert body["verdict"] == "block"
    assert "M10.app-install" in {finding["rule"] for finding in body["findings"]}
    assert {error["field"] for error in body["incomplete"]} >= {"starts_on", "schools"}


def test_the_api_still_refuses_an_incomplete_matter_naming_the_fields(town, client):
    client.force_login(town.police)

    response = client.post(
        "/api/v1/screening", {"kind": "inspection", "title": "检查"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert "schools" in {error["field"] for error in response.json()["detail"]}


def test_the_screening_api_answers_a_department_as_the_form_preview_does(town, client):
    client.force_login(town.police)
    data = inspection(town.school_a, description="请各校组织教师下载安装反诈APP并截图上报。")

    api = client.post("/api/v1/screening", data, content_type="application/json").json()
    preview = client.post(reverse("matters:screen_preview"), data, content_type="application/json").json()

    assert api == preview
    assert "M02.non-education-route" in {finding["rule"] for finding in api["findings"]}


def test_the_detail_page_shows_the_timeline_and_the_decision_form_to_the_approver(town, client):
    matter = submit(town.police, inspection(town.school_a))
    client.force_login(town.county_edu)

    page = client.get(reverse("matters:detail", args=[matter.pk])).content.decode()

    assert 'data-testid="decide-form"' in page
    assert "固阳县公安局</strong> 提交审批 → 教育部门会商" in page
    assert "计划外" in page
    client.force_login(town.police)
    assert (
        'data-testid="decide-form"'
        not in client.get(reverse("matters:detail", args=[matter.pk])).content.decode()
    )


def test_deciding_on_the_page_records_the_step(town, client):
    matter = submit(town.police, campus_activity(town.school_a))
    client.force_login(town.county_edu)

    client.post(
        reverse("matters:decide", args=[matter.pk]), {"action": "approve", "reason": "内容与课程不重复"}
    )

    matter.refresh_from_db()
    assert matter.state == State.APPROVED
    assert AuditEvent.objects.filter(action="matter.approve", object_id=str(matter.pk)).count() == 1


def matter_as_stored(matter) -> dict:
    """The Matter's row, its timeline and its audit rows: what a refused decision must leave as it was."""
    return {
        "matter": Matter.objects.values().get(pk=matter.pk),
        "steps": list(matter.steps.values_list("action", "actor_id", "from_state", "to_state")),
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", "action")),
    }


def test_the_approver_who_loses_the_race_is_told_the_step_was_decided_and_nothing_changes(town, client):
    matter = submit(town.police, inspection(town.school_a))
    colleague = bureau_user("150222", username="guyang-edu-2", display_name="固阳县教育局李明")
    decide(colleague, matter, reason="同意会商")
    client.force_login(town.county_edu)
    before = matter_as_stored(matter)

    response = client.post(
        reverse("matters:decide", args=[matter.pk]), {"action": "approve", "reason": "同意"}, follow=True
    )

    assert response.redirect_chain == [(reverse("matters:detail", args=[matter.pk]), 302)]
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        "这一审批环节已由其他审批人（固阳县教育局李明）办理（同意），您的操作未执行，事项未作更改。"
        "请查看事项的当前状态。"
    ]
    assert matter_as_stored(matter) == before
    assert before["matter"]["state"] == State.PARTY_REVIEW


def test_the_approver_who_submits_the_same_decision_twice_is_told_it_was_already_made(town, client):
    matter = submit(town.police, campus_activity(town.school_a))
    client.force_login(town.county_edu)
    client.post(
        reverse("matters:decide", args=[matter.pk]), {"action": "reject", "reason": "与课程冲突"}, follow=True
    )
    before = matter_as_stored(matter)

    response = client.post(
        reverse("matters:decide", args=[matter.pk]), {"action": "reject", "reason": "与课程冲突"}, follow=True
    )

    assert response.redirect_chain == [(reverse("matters:detail", args=[matter.pk]), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "您已办理过这一审批环节（不予批准），请勿重复提交。"
    ]
    assert matter_as_stored(matter) == before
    assert before["matter"]["state"] == State.REJECTED


def test_who_was_never_the_approver_of_the_decided_step_still_gets_403_and_nothing_changes(town, client):
    matter = submit(town.police, inspection(town.school_a))
    decide(town.county_edu, matter, reason="同意会商")
    client.force_login(town.city_edu)  # sees everything in the city, but the step was the county's
    before = matter_as_stored(matter)

    response = client.post(reverse("matters:decide", args=[matter.pk]), {"action": "approve"})

    assert response.status_code == 403
    assert matter_as_stored(matter) == before


def test_out_of_scope_pages_are_404_like_missing(town, client):
    matter = submit(town.police, campus_activity(town.school_a))
    client.force_login(town.county_b_edu)
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')

    out_of_scope = client.get(reverse("matters:detail", args=[matter.pk]))
    missing = client.get(reverse("matters:detail", args=[999999]))
    decided = client.post(reverse("matters:decide", args=[matter.pk]), {"action": "approve"})

    assert out_of_scope.status_code == missing.status_code == decided.status_code == 404
    assert token.sub(b"", out_of_scope.content) == token.sub(b"", missing.content)
    assert Matter.objects.get(pk=matter.pk).state == State.BUREAU_REVIEW


def test_the_inbox_page_batch_approves_routine_items(town, client):
    from tests.factories import bureau_user

    routine = submit(bureau_user("150222"), campus_activity(town.school_a))
    client.force_login(town.county_edu)
    assert "批量同意" in client.get(reverse("matters:inbox")).content.decode()

    client.post(reverse("matters:inbox"), {"ids": [routine.pk]})

    assert Matter.objects.get(pk=routine.pk).state == State.APPROVED


def test_menu_entries_follow_the_scope(town, client):
    def labels(user):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        # an entry is a link (a group of the same name may head other entries: web/menu.py GROUPS)
        return {label for label in ("涉校事项", "待我审批", "白名单核验") if f'">{label}</a>' in page}

    assert labels(town.police) == {"涉校事项", "白名单核验"}
    assert labels(town.county_party) == {"涉校事项", "待我审批", "白名单核验"}
    assert labels(user_with_role(Role.DEPARTMENT)) == {"白名单核验"}  # no department: no Matters to see


def test_public_pages_need_no_login(client, db):
    for name in ("whitelist:list", "whitelist:verify_form"):
        assert client.get(reverse(name)).status_code == 200
