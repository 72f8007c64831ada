"""Fuzzing /api/v1 with schemathesis: every operation of the live schema, fed generated input as anonymous and as
users of several roles over a database of real-looking data, answers no 5xx and only what the schema documents
(status code, content type, body)."""

import datetime as dt
import secrets

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jianfu.accounts.models import Role
from jianfu.matters.models import Matter
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    approved_matter_of,
    bureau_user,
    department_user,
    region,
    report_with_case,
    user_with_role,
)

# Loaded from the running app, not a file: what is tested is what the API serves today.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, Role.CITY_EDU, Role.COUNTY_EDU, Role.DEPARTMENT, Role.TEACHER]


def _world() -> dict[str, object]:
    """固阳县 with two schools, their teachers, Matters in several states, a report; a user of each role fuzzed."""
    county = region("150222")
    schools = [SchoolFactory(region=county), SchoolFactory(region=county, is_rural=True)]
    teachers = [TeacherFactory(school=school) for school in schools for _ in range(3)]
    department = department_user("固阳县卫生健康委员会", region_code="150222")
    day = timezone.localdate()
    for state in ("approved", "submitted", "draft"):
        matter = approved_matter_of(*schools, day=day, state=state)
        Matter.objects.filter(pk=matter.pk).update(organizer=department.department, route_region=county)
    approved_matter_of(schools[0], kind="meeting", day=day + dt.timedelta(days=7))
    report_with_case(received_at=timezone.now(), region_code="150222", school=schools[0])
    return {
        Role.CITY_EDU: bureau_user("150200"),
        Role.COUNTY_EDU: bureau_user("150222"),
        Role.DEPARTMENT: department,
        Role.TEACHER: user_with_role(Role.TEACHER, teacher=teachers[0], school=schools[0]),
    }


@pytest.fixture(scope="module")
def _connection_kept_open():
    """Requests reach Django's WSGI handler directly, whose start and end of request close a connection that is
    inside a transaction (on PostgreSQL): keep it open, as django.test.Client does around each of its requests."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(_connection_kept_open, django_db_setup, django_db_blocker):
    """The world, built once for the module in a transaction rolled back at its end; each test (and what its
    examples write) runs in its own savepoint (pytest-django's `db`), so no test sees another's writes."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _world()
        transaction.set_rollback(True)


@pytest.fixture
def browser(world, db, role) -> dict[str, dict[str, str]]:
    """The cookies and headers of `role`'s logged-in browser: its session, and a CSRF token in cookie and header
    alike (empty for anonymous)."""
    if role == ANONYMOUS:
        return {"cookies": {}, "headers": {}}
    client = Client()
    client.force_login(world[role])
    token = secrets.token_hex(16)
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_every_operation_answers_no_5xx_and_only_what_its_schema_documents(case, role, browser):
    # A logged-in browser's cookies replace any schemathesis generated for the cookie auth; anonymous cases keep
    # theirs (a forged session id must be refused like none).
    if browser["cookies"]:
        case.cookies = dict(browser["cookies"])

    case.call_and_validate(headers=browser["headers"], checks=CHECKS)
