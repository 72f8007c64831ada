"""The pipeline's API: submit, read, inbox, decisions; errors in Chinese naming the field; the OpenAPI schema."""

import pytest

from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Matter, State
from tests.matters.conftest import campus_activity, inspection, submit

NEW_PATHS = {
    "/api/v1/matters": {"post", "get"},
    "/api/v1/matters/{matter_id}": {"get"},
    "/api/v1/matters/{matter_id}/decisions": {"post"},
    "/api/v1/inbox": {"get"},
    "/api/v1/inbox/approve-routine": {"post"},
    "/api/v1/whitelist": {"get"},
    "/api/v1/verify/{code}": {"get"},
}


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _schema(client):
    return client.get("/api/v1/openapi.json").json()


def _properties(schema, ref_holder):
    ref = ref_holder["$ref"].rsplit("/", 1)[1]
    return set(schema["components"]["schemas"][ref]["properties"])


def _response_schema(schema, path, method, status):
    return schema["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]


def test_every_endpoint_is_in_the_openapi_schema(client, db):
    paths = _schema(client)["paths"]

    for path, methods in NEW_PATHS.items():
        assert methods <= set(paths[path]), path


def test_submitting_answers_with_id_state_and_screening_matching_the_schema(town, client):
    client.force_login(town.police)

    response = _post(client, "/api/v1/matters", inspection(town.school_a))

    assert response.status_code == 201
    body = response.json()
    schema = _schema(client)
    assert set(body) == _properties(schema, _response_schema(schema, "/api/v1/matters", "post", 201))
    assert (body["state"], body["route_region_code"], body["out_of_plan"]) == ("consultation", "150222", True)
    assert body["screening"]["verdict"] == "review"
    assert [f["rule"] for f in body["screening"]["findings"]] == [
        "M01.out-of-plan",
        "M02.non-education-route",
    ]
    assert Matter.objects.get(pk=body["id"]).organizer.name == "固阳县公安局"


def test_the_organizer_is_always_the_submitters_department(town, client):
    client.force_login(town.police)
    data = inspection(
        town.school_a, organizer={"name": "固阳县教育局", "is_education": True, "level": "county"}
    )

    body = _post(client, "/api/v1/matters", data).json()

    assert body["payload"]["organizer"] == {"name": "固阳县公安局", "is_education": False, "level": "county"}
    assert body["chain"] == "inspection"


def test_a_malformed_matter_gets_422_with_chinese_messages_naming_each_field(town, client):
    client.force_login(town.police)

    response = _post(
        client,
        "/api/v1/matters",
        {
            "kind": "campus_activity",
            "title": "宣讲",
            "school_codes": ["9999999999"],
            "date": "下周一",
            "hours": "两小时",
            "theme": "安全",
        },
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"field": "schools", "message": "未知的学校标识码：9999999999"},
            {"field": "date", "message": "不是有效的ISO日期（YYYY-MM-DD）"},
            {"field": "hours", "message": "应为数字"},
        ]
    }
    assert not Matter.objects.exists()


def test_an_unknown_kind_is_named(town, client):
    client.force_login(town.police)

    body = _post(client, "/api/v1/matters", {"kind": "party", "title": "x"}).json()

    assert body["detail"][0]["field"] == "kind"
    assert body["detail"][0]["message"].startswith("未知的事项类型：'party'")


def test_a_draft_is_saved_without_screening(town, client):
    client.force_login(town.police)

    body = _post(client, "/api/v1/matters", {"kind": "task", "title": "未写完的通知", "draft": True}).json()

    assert (body["state"], body["screening"]) == ("draft", None)


def test_schools_and_teachers_cannot_submit(town, client):
    from jianfu.accounts.models import Role
    from tests.factories import user_with_role

    client.force_login(user_with_role(Role.SCHOOL_ADMIN, school=town.school_a))

    response = _post(client, "/api/v1/matters", campus_activity(town.school_a))

    assert response.status_code == 403
    assert response.json() == {"detail": "只有部门或教育局账号可以提交涉校事项"}


def test_the_inbox_lists_oldest_first_and_only_the_approvers_step(town, client):
    first = submit(town.police, campus_activity(town.school_a, title="先提交"))
    second = submit(town.police, campus_activity(town.school_a, title="后提交"))
    submit(town.city_police, campus_activity(town.school_a, title="市级事项"))
    client.force_login(town.county_edu)

    body = client.get("/api/v1/inbox").json()

    assert [item["id"] for item in body["items"]] == [first.pk, second.pk]
    assert body["count"] == 2
    client.force_login(town.county_party)
    assert client.get("/api/v1/inbox").json() == {"items": [], "count": 0}


def test_a_decision_through_the_api_is_audited_and_on_the_timeline(town, client):
    matter = submit(town.police, inspection(town.school_a))
    client.force_login(town.county_edu)

    response = _post(
        client, f"/api/v1/matters/{matter.pk}/decisions", {"action": "approve", "reason": "确需检查"}
    )

    assert response.status_code == 200
    body = response.json()
    schema = _schema(client)
    assert set(body) == _properties(
        schema, _response_schema(schema, "/api/v1/matters/{matter_id}/decisions", "post", 200)
    )
    assert body["state"] == "party_review"
    assert body["timeline"][-1]["action"] == "approve"
    assert body["timeline"][-1]["reason"] == "确需检查"
    assert AuditEvent.objects.filter(action="matter.approve", reason="确需检查").count() == 1


def test_an_unknown_action_is_422(town, client):
    matter = submit(town.police, campus_activity(town.school_a))
    client.force_login(town.county_edu)

    response = _post(client, f"/api/v1/matters/{matter.pk}/decisions", {"action": "publish"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "action", "message": "操作应为 approve、reject 或 send_back"}]
    }


@pytest.mark.parametrize("who", ["county_b_edu", "city_police"])
def test_out_of_scope_is_404_like_missing_and_changes_nothing(town, client, who):
    matter = submit(town.police, campus_activity(town.school_a))
    client.force_login(getattr(town, who))
    audit_rows = AuditEvent.objects.count()

    out_of_scope = _post(client, f"/api/v1/matters/{matter.pk}/decisions", {"action": "approve"})
    missing = _post(client, "/api/v1/matters/999999/decisions", {"action": "approve"})
    read = client.get(f"/api/v1/matters/{matter.pk}")

    assert out_of_scope.status_code == missing.status_code == read.status_code == 404
    assert out_of_scope.json() == missing.json()
    assert Matter.objects.get(pk=matter.pk).state == State.BUREAU_REVIEW
    assert AuditEvent.objects.count() == audit_rows


def test_a_visible_matter_at_someone_elses_step_is_403(town, client):
    matter = submit(town.police, campus_activity(town.school_a))
    client.force_login(town.city_edu)  # sees everything in the city, but this step is the county's

    response = _post(client, f"/api/v1/matters/{matter.pk}/decisions", {"action": "approve"})

    assert response.status_code == 403
    assert response.json() == {"detail": "该事项当前不在您的审批环节"}
    assert Matter.objects.get(pk=matter.pk).state == State.BUREAU_REVIEW


def test_batch_approval_takes_only_routine_items(town, client):
    from tests.factories import bureau_user

    routine = submit(bureau_user("150222"), campus_activity(town.school_a, title="交通安全宣讲"))
    flagged = submit(town.police, inspection(town.school_a))
    client.force_login(town.county_edu)
    assert routine.verdict == "pass"

    body = _post(client, "/api/v1/inbox/approve-routine", {"ids": [routine.pk, flagged.pk, 999999]}).json()

    assert body == {
        "approved": [routine.pk],
        "skipped": [
            {"id": flagged.pk, "reason": "筛查有意见，须逐件审批"},
            {"id": 999999, "reason": "不存在或不在您的数据范围内"},
        ],
    }
    assert Matter.objects.get(pk=flagged.pk).state == State.CONSULTATION


def test_lists_are_paged(town, client):
    for n in range(3):
        submit(town.police, campus_activity(town.school_a, title=f"活动{n}"))
    client.force_login(town.police)

    body = client.get("/api/v1/matters", {"page": 1}).json()

    assert body["count"] == 3
    assert {"items", "count"} == set(body)
