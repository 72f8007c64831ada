"""The registry's read endpoints: public regions, schools paged and scoped, 404 outside the scope."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role


def test_regions_are_public_and_list_the_city_and_its_nine_counties(client, db):
    response = client.get("/api/v1/regions")

    assert response.status_code == 200
    assert response.json()["count"] == 10
    body = response.json()["items"]
    assert [r["code"] for r in body] == [
        "150200", "150202", "150203", "150204", "150205", "150206", "150207", "150221", "150222", "150223",
    ]  # fmt: skip
    assert body[8] == {
        "code": "150222",
        "name": "固阳县",
        "level": "county",
        "parent_code": "150200",
        "seat_name": "金山镇",
        "seat_lat": 41.0344,
        "seat_lon": 110.0605,
    }


def test_schools_need_a_login(client, db):
    assert client.get("/api/v1/schools").status_code == 401


def test_schools_are_filtered_by_region_and_paged(client, db):
    SchoolFactory.create_batch(55, region=region("150222"))
    SchoolFactory.create_batch(3, region=region("150203"))
    client.force_login(user_with_role(Role.CITY_EDU))

    first = client.get("/api/v1/schools", {"region": "150222"}).json()
    second = client.get("/api/v1/schools", {"region": "150222", "page": 2}).json()

    assert first["count"] == 55
    assert len(first["items"]) == 50
    assert len(second["items"]) == 5
    assert {item["region_code"] for item in first["items"] + second["items"]} == {"150222"}


def test_a_county_user_lists_only_its_county_schools_whatever_region_it_asks_for(client, db):
    SchoolFactory.create_batch(2, region=region("150222"))
    SchoolFactory.create_batch(3, region=region("150203"))
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    own = client.get("/api/v1/schools").json()
    other = client.get("/api/v1/schools", {"region": "150203"}).json()

    assert own["count"] == 2
    assert other == {"items": [], "count": 0}


def test_a_school_outside_the_scope_is_404_like_a_missing_one(client, db):
    outside = SchoolFactory(region=region("150203"))
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    out_of_scope = client.get(f"/api/v1/schools/{outside.pk}")
    missing = client.get("/api/v1/schools/999999")

    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()


def test_teachers_come_masked_and_the_read_is_audited(client, db):
    teacher = TeacherFactory(name="李娜")
    user = user_with_role(Role.CITY_EDU)
    client.force_login(user)

    body = client.get(f"/api/v1/teachers/{teacher.pk}").json()

    assert body["name"] == "李娜"
    assert body["id_number_masked"] == teacher.id_masked
    assert "*" in body["id_number_masked"]
    assert (
        AuditEvent.objects.filter(actor=user, action="teacher.view", object_id=str(teacher.pk)).count() == 1
    )


def test_a_party_approver_gets_no_teachers(client, db):
    TeacherFactory()
    client.force_login(user_with_role(Role.PARTY))

    assert client.get("/api/v1/teachers").json() == {"items": [], "count": 0}


def _queries_for_school_list(client, rows: int) -> int:
    SchoolFactory.create_batch(rows, region=region("150222"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/schools").status_code == 200
    return len(queries)


def test_the_school_list_costs_the_same_queries_whatever_its_length(client, db):
    client.force_login(user_with_role(Role.CITY_EDU))

    few = _queries_for_school_list(client, 3)
    many = _queries_for_school_list(client, 45)

    # session, user, the user's region and its counties, count, page; then the session's idle-timeout refresh
    assert few == many
    assert many <= 9


def test_openapi_schema_lists_the_registry_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["info"]["title"] == "包头市中小学教师减负平台 API"
    assert {"/api/v1/regions", "/api/v1/schools", "/api/v1/schools/{school_id}", "/api/v1/teachers"} <= set(
        schema["paths"]
    )


def test_the_api_docs_page_is_served_from_local_files_without_a_cdn(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content
    assert b"cdn" not in response.content.lower()
