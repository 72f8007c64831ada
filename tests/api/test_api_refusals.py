"""What the API answers before a view runs (api/errors.py, api/pagination.py): input of the wrong type or beyond
what the database holds answers 422 naming the field in Chinese, not pydantic's English nor a 500; a missing
login 401, a missing CSRF token 403 and a missing object 404 in Chinese; and the schema documents every one of
these answers."""

from django.test import Client

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Matter
from jianfu.registry.models import Teacher
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    bureau_user,
    department_user,
    region,
    user_with_role,
)
from tests.matters.conftest import campus_activity


def test_a_page_size_that_is_not_a_number_answers_422_naming_it_in_chinese(client, db):
    response = client.get("/api/v1/regions", {"page_size": "AAA"})

    assert (response.status_code, response.json()) == (
        422,
        {"detail": [{"field": "page_size", "message": "应为整数"}]},
    )


def test_a_page_beyond_any_list_answers_422_not_a_server_error(client, db):
    client.force_login(bureau_user("150200"))

    response = client.get("/api/v1/departments", {"page": str(10**24)})

    assert (response.status_code, response.json()) == (
        422,
        {"detail": [{"field": "page", "message": "超出允许范围"}]},
    )


def test_a_school_filter_beyond_the_largest_id_answers_422_and_logs_no_listing(client, db):
    TeacherFactory()
    client.force_login(bureau_user("150200"))
    events = AuditEvent.objects.count()

    response = client.get("/api/v1/teachers", {"school": str(10**30)})

    assert (response.status_code, response.json()) == (
        422,
        {"detail": [{"field": "school", "message": "超出允许范围"}]},
    )
    assert AuditEvent.objects.count() == events
    assert Teacher.objects.count() == 1


def test_a_workload_year_beyond_the_calendar_answers_422_naming_the_year(client, db):
    client.force_login(user_with_role(Role.TEACHER))

    response = client.get("/api/v1/workload/me", {"year": "10000"})

    assert (response.status_code, response.json()) == (
        422,
        {"detail": [{"field": "year", "message": "超出允许范围"}]},
    )


def test_a_batch_of_ids_names_each_bad_id_by_its_position(client, db):
    client.force_login(bureau_user("150222"))

    response = client.post(
        "/api/v1/inbox/approve-routine", {"ids": ["x", 2**70]}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (
        422,
        {
            "detail": [
                {"field": "ids[0]", "message": "应为整数"},
                {"field": "ids[1]", "message": "超出允许范围"},
            ]
        },
    )


def test_a_body_that_is_not_json_answers_400_in_chinese(client, db):
    client.force_login(user_with_role(Role.DEPARTMENT))

    response = client.post("/api/v1/screening", b"\x00", content_type="application/json")

    assert (response.status_code, response.json()) == (400, {"detail": "请求体不是有效的JSON"})


def test_a_json_body_holding_a_nul_answers_400_and_saves_nothing(client, db):
    # PostgreSQL's text cannot hold a NUL: this draft used to reach the INSERT and answer 500 there.
    client.force_login(department_user("固阳县卫生健康委员会"))

    response = client.post(
        "/api/v1/matters",
        {"draft": True, "kind": "inspection", "title": "巡检\x00事项"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "请求体包含不允许的字符（NUL），请检查后重新提交。"},
    )
    assert Matter.objects.count() == 0


def test_without_a_login_the_api_answers_401_in_chinese(client, db):
    response = client.get("/api/v1/schools")

    assert (response.status_code, response.json()) == (401, {"detail": "请先登录"})


def test_a_session_post_without_the_csrf_token_answers_403_in_chinese_and_creates_nothing(db):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(department_user("固阳县公安局", region_code="150222"))
    school = SchoolFactory(region=region("150222"))

    response = browser.post("/api/v1/matters", campus_activity(school), content_type="application/json")

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "请求缺少有效的CSRF令牌，请刷新页面后重试"},
    )
    assert Matter.objects.count() == 0


def test_the_same_session_post_with_the_csrf_token_is_not_refused(db):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(department_user("固阳县公安局", region_code="150222"))
    browser.get("/")
    school = SchoolFactory(region=region("150222"))

    response = browser.post(
        "/api/v1/matters",
        campus_activity(school),
        content_type="application/json",
        headers={"X-CSRFToken": browser.cookies["csrftoken"].value},
    )

    assert response.status_code == 201
    assert Matter.objects.count() == 1


def test_a_missing_school_answers_404_in_chinese(client, db):
    client.force_login(bureau_user("150200"))

    response = client.get("/api/v1/schools/999999")

    assert (response.status_code, response.json()) == (404, {"detail": "没有找到该对象"})


def test_the_schema_documents_the_refusals_each_operation_can_give(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    documented = {
        f"{method.upper()} {path}": sorted(operation["responses"])
        for path, operations in paths.items()
        for method, operation in operations.items()
    }

    assert documented["GET /api/v1/regions"] == ["200", "400", "422"]
    assert documented["GET /api/v1/reports/challenge"] == ["200", "400"]
    assert documented["GET /api/v1/schools/{school_id}"] == ["200", "400", "401", "404", "422"]
    assert documented["POST /api/v1/inbox/approve-routine"] == ["200", "400", "401", "403", "422"]
    assert sorted(paths["/api/v1/matters"]["post"]["responses"]["400"]["content"]) == [
        "application/json",
        "text/plain",
    ]
