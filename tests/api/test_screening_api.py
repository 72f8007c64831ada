"""POST /api/v1/screening: the engine's result for a logged-in user, Chinese field errors for bad input."""

from jianfu.accounts.models import Role
from jianfu.policy.services import confirmed_case_add
from tests.factories import user_with_role

APP_QUOTA = {
    "kind": "task",
    "title": "推广注册国家反诈中心APP",
    "description": "各校教师须下载注册国家反诈中心APP，学校每周统计注册率并上报，注册率纳入年终考核。",
    "organizer": {"name": "青山区公安分局", "is_education": False, "level": "county"},
    "targets": {"teachers": True, "students": False, "parents": False},
}


def _post(client, body):
    return client.post("/api/v1/screening", body, content_type="application/json")


def test_screening_needs_a_login(client, db):
    assert _post(client, APP_QUOTA).status_code == 401


def test_an_app_install_quota_is_blocked_citing_measure_10(client, db):
    client.force_login(user_with_role(Role.DEPARTMENT))

    response = _post(client, APP_QUOTA)

    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "block"
    assert body["catalog_version"] == "baotou-2020.6"
    blocks = [f for f in body["findings"] if f["severity"] == "block"]
    assert {f["measure"] for f in blocks} == {10}
    assert "下载安装与教育教学无关的政务应用程序" in blocks[0]["quote"]


def test_a_malformed_meeting_names_the_field_in_chinese(client, db):
    client.force_login(user_with_role(Role.DEPARTMENT))
    meeting = {
        **APP_QUOTA,
        "kind": "meeting",
        "venue_region": "150203",
        "duration_minutes": 60,
        "teachers_attend": True,
        "attendees": [{"region": "150222", "count": "很多"}],
    }

    response = _post(client, meeting)

    assert response.status_code == 422
    fields = [error["field"] for error in response.json()["detail"]]
    assert "attendees[0].count" in fields


def test_an_unknown_kind_is_refused_naming_kind(client, db):
    client.force_login(user_with_role(Role.DEPARTMENT))

    response = _post(client, {**APP_QUOTA, "kind": "party"})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["detail"]] == ["kind"]


def test_a_matter_like_a_confirmed_case_gets_a_review_citing_the_case(client, db):
    supervisor = user_with_role(Role.SUPERVISOR)
    case = confirmed_case_add(
        actor=supervisor,
        measure=9,
        title="组织教师为“最美社区”评选网络投票",
        description="要求全体教师每天为本街道社区在线投票并截图上报，投票情况纳入考核。",
        organizer_name="某街道办事处",
        source_note="2026年举报核实",
    )
    client.force_login(user_with_role(Role.DEPARTMENT))

    body = _post(
        client,
        {
            **APP_QUOTA,
            "title": "组织教师为“最美社区”评选网络投票",
            "description": "请全体教师每天为本社区在线投票并截图上报。",
        },
    ).json()

    case_findings = [f for f in body["findings"] if f["rule"].startswith("CASE.")]
    assert [f["rule"] for f in case_findings] == [f"CASE.{case.pk}"]
    assert case_findings[0]["measure"] == 9


def test_the_screening_endpoint_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    assert "post" in schema["paths"]["/api/v1/screening"]
