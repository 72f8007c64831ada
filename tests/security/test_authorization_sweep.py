"""The authorization sweep: every URL pattern of the project, called as every role and as someone not logged in.

- every URL has a row in the access table (tests/security/access_table.py), and the table names no stale URL;
- a GET answers what the table says, for each role, with objects of the user's own area;
- a URL with an object of another area answers 404, exactly as with an id that does not exist;
- a state-changing POST by a role that may not change it, or with an object of another area, answers 403 or 404
  and changes nothing in the database.

The objects come from the module-wide world of tests/security/conftest.py."""

import datetime as dt
import functools
import inspect
import json
import re
import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from jianfu.accounts.models import Role
from tests.factories import pdf_bytes
from tests.security.access_table import (
    ACCESS,
    ANONYMOUS,
    AREA_FREE_URLS,
    AREA_WIDE,
    BATCHES,
    CHANGES,
    CONFINED,
    CREDENTIAL_URLS,
    FORBIDDEN,
    KNOWN_DEVIATIONS,
    LOGIN,
    MISSING,
    OK,
    OUT_OF_SCOPE_POST_ANSWER,
    POST_WITHOUT_ACCESS_RULE,
    QUERY,
    ROLES,
    UNAUTHORIZED,
)
from tests.security.conftest import Side

# --- walking the URL configuration, filling a URL's path parameters, calling it as a role ----------------------

MISSING_ID = 987_654_321


def url_patterns(patterns=None, namespace: str = "", prefix: str = ""):
    """(name, route, view) of every URL pattern, named by namespace:name, or by its route when it has no name
    (resolvers are walked recursively: the django-ninja API's endpoints are URL patterns too)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from url_patterns(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if not pattern.name:
                name = "/" + route
            else:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, route, pattern.callback


# URLs that act on a draft (or an approved export) rather than on the side's usual object of that kind.
_DRAFT_EXPORT = {"sharing:export_edit", "sharing:export_submit"}


def _object_ids(name: str, side: Side, role: str) -> dict:
    """The path parameters a URL takes, filled from `side`'s objects (a role's own import job)."""
    app = name.split(":")[0]
    entry = side.entry if app == "burden" else side.archive_entry
    job = side.jobs[role if role != ANONYMOUS else Role.COUNTY_EDU]
    export = side.draft_export if name in _DRAFT_EXPORT else side.export
    if name == "sharing:export_download":
        export = side.approved_export
    matter = {
        "matters:edit": side.draft_matter,
        "matters:submit": side.draft_matter,
        "burden:proctoring_hours": side.assignment.matter,
        "burden:secondment_return": side.secondment,
        "burden:sub_venue": side.meeting,
    }.get(name, side.matter)
    return {
        "school_id": side.school.pk,
        "teacher_id": side.teacher.pk,
        "student_id": side.student.pk,
        "job_id": job.pk,
        "matter_id": matter.pk,
        "exam_week_id": side.exam_week.pk,
        "code": side.matter.verification_code,
        "plan_id": side.plan.pk,
        "token": side.feed_token,
        "entry_id": entry.pk,
        "dispute_id": side.dispute.pk,
        "assignment_id": side.assignment.pk,
        "delivery_id": side.delivery.pk,
        "task_id": side.task.pk,
        "file_id": side.archive_file.pk,
        "grant_id": side.grant.pk,
        "export_id": export.pk,
        "session_id": side.parent_session.pk,
        "case_id": side.case.pk,
        "event": "accept",
        "evidence_id": side.evidence.pk,
        "tracking_code": side.tracking_code,
        "user_id": side.users[Role.TEACHER].pk,  # an account the administrators act on (not their own)
    }


def path_parameters(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


# Parameters that name an object: what differs between in scope, out of scope and missing.
NOT_AN_OBJECT = {"event"}


def url_of(name: str, route: str, side: Side, role: str, *, missing: bool = False) -> str:
    params = path_parameters(route)
    ids = _object_ids(name, side, role)
    kwargs = {param: ids[param] for param in params}
    if missing:
        for param in params:
            if param in NOT_AN_OBJECT:
                continue
            value = kwargs[param]
            if isinstance(value, int):
                kwargs[param] = MISSING_ID
            elif isinstance(value, uuid.UUID):
                kwargs[param] = uuid.uuid4()
            else:
                kwargs[param] = "Z9999999" if param == "code" else "nonexistent-" + param
    if name.startswith("/"):
        return name
    return reverse(name, kwargs=kwargs)


def client_as(side: Side, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(side.users[role])
    return client


def outcome(response) -> str:
    """The response, in the words of the access table."""
    status = response.status_code
    if status in (301, 302):
        return (
            "login" if response["Location"].split("?")[0] == resolve_url(settings.LOGIN_URL) else "redirect"
        )
    return {200: "ok", 401: "401", 403: "403", 404: "404", 405: "405"}.get(status, str(status))


ROUTES = {name: route for name, route, _ in url_patterns()}
VIEWS = {name: view for name, _, view in url_patterns()}
OUTCOMES = {"ok", "login", "401", "redirect", "403", "404", "405"}


def _marked(name: str, role: str, *, key: str | None = None):
    """The (name, role) case, xfail (strict) when the table lists it as a known deviation under `key`."""
    reason = KNOWN_DEVIATIONS.get((key or name, role))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(name, role, id=f"{name}-{role}", marks=marks)


def _takes_an_object(name: str) -> bool:
    if name in CREDENTIAL_URLS or name in AREA_FREE_URLS:
        return False
    return any(p not in NOT_AN_OBJECT for p in path_parameters(ROUTES[name]))


def _accepts_post(name: str) -> bool:
    """Whether the URL's view takes POST: ninja's operations say so, a Django view's source names POST."""
    view = VIEWS[name]
    if isinstance(view, functools.partial):  # ninja's documentation views: GET only
        return False
    path_view = inspect.getclosurevars(view).nonlocals.get("self")
    if hasattr(path_view, "operations"):  # a django-ninja path: one operation per function
        function = name.split(":", 1)[1]
        return any("POST" in op.methods and op.view_func.__name__ == function for op in path_view.operations)
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return False
    return "POST" in source


# --- completeness ------------------------------------------------------------------------------------------------


def test_every_url_is_in_the_access_table_and_the_table_names_no_stale_url():
    names = set(ROUTES)

    missing, stale = names - set(ACCESS), set(ACCESS) - names

    assert (missing, stale) == (set(), set())


def test_every_row_of_the_access_table_gives_a_known_outcome_for_every_role_and_for_anonymous():
    bad = {
        name: outcomes
        for name, outcomes in ACCESS.items()
        if set(outcomes) != set(ROLES) or not set(outcomes.values()) <= OUTCOMES
    }

    assert bad == {}


def test_every_url_that_accepts_a_post_says_who_may_change_through_it_and_no_rule_names_a_stale_url():
    accepting = {name for name in ROUTES if _accepts_post(name)}

    undecided = accepting - set(CHANGES) - set(POST_WITHOUT_ACCESS_RULE)
    stale = (set(CHANGES) | set(POST_WITHOUT_ACCESS_RULE)) - set(ROUTES)
    known_stale = {name.removeprefix("POST ") for name, _ in KNOWN_DEVIATIONS} - set(ROUTES)

    assert undecided == set()
    assert (stale, known_stale) == (set(), set())


# --- GET as every role -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "role"), [_marked(name, role) for name in ACCESS for role in ROLES])
def test_a_get_answers_what_the_access_table_says(world, db, name, role):
    # Given a user of the role (or nobody) and the URL with objects of the user's own area
    side = world.home
    url = url_of(name, ROUTES[name], side, role)
    query = QUERY[name](side) if name in QUERY else {}

    # When they open it
    response = client_as(side, role).get(url, query)

    # Then the answer is the table's
    assert outcome(response) == ACCESS[name][role]


# --- out of scope looks like missing -----------------------------------------------------------------------------


def _scoped_cases():
    for name, outcomes in ACCESS.items():
        if _takes_an_object(name) or name in QUERY:
            for role, expected in outcomes.items():
                # The school's administrator always gets their own school: the query names one for the area's roles.
                named_by_query = name not in QUERY or role in AREA_WIDE
                if role != ANONYMOUS and expected == OK and named_by_query:
                    yield pytest.param(name, role, id=f"{name}-{role}")


def _missing_query(name: str, side) -> dict:
    query = QUERY[name](side)
    return {
        key: "987654321" if str(value).isdigit() and key != "region" else "159999"
        for key, value in query.items()
    }


@pytest.mark.parametrize(("name", "role"), list(_scoped_cases()))
def test_an_object_outside_the_users_scope_answers_404_exactly_like_a_missing_one(world, db, name, role):
    # Given a user who sees this kind of object in their own area
    client = client_as(world.home, role)
    query = QUERY.get(name)

    # When they ask for another area's object, and for one that does not exist
    away = client.get(url_of(name, ROUTES[name], world.away, role), query(world.away) if query else {})
    missing = client.get(
        url_of(name, ROUTES[name], world.home, role, missing=True),
        _missing_query(name, world.home) if query else {},
    )

    # Then both answer 404, with the same page
    assert (outcome(away), outcome(missing)) == (MISSING, MISSING)
    assert _page(away) == _page(missing)


_CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _page(response) -> bytes:
    """The body, without the CSRF token (masked afresh in every answer)."""
    return _CSRF_TOKEN.sub(b"", response.content)


# --- POST: refused, and nothing changes --------------------------------------------------------------------------

_EXCLUDED_TABLES = {"sessions.Session"}


def _database() -> dict[str, list]:
    """Every row of every table (sessions and last-login times aside: logging in for the test changes those)."""
    rows = {}
    for model in apps.get_models():
        if model._meta.label in _EXCLUDED_TABLES or model._meta.proxy or not model._meta.managed:
            continue
        values = model._default_manager.order_by("pk").values()
        rows[model._meta.label] = [{k: v for k, v in row.items() if k != "last_login"} for row in values]
    return rows


def _changed(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def _payload(name: str, side) -> dict:
    """What an allowed user would send: refusing it must not depend on the form being invalid."""
    matter, teacher = side.matter.pk, side.teacher.pk
    today, next_month = timezone.localdate(), timezone.localdate() + dt.timedelta(days=30)
    return {
        "matters:new": {"kind": "inspection", "title": "授权巡检新事项", "intent": "draft"},
        "matters:edit": {"kind": "inspection", "title": "改过的标题", "intent": "draft"},
        "matters:decide": {"action": "approve", "reason": "同意"},
        "matters:attach": {"file": SimpleUploadedFile("通知.pdf", pdf_bytes(), content_type="application/pdf")},
        "matters:inbox": {"ids": [str(side.draft_matter.pk), str(matter)]},
        "matters:merge": {"into": str(matter)},
        "matters:reuse": {"source": str(matter)},
        "matters:quotas": {"year": "2030", "reason": "调整"},
        "matters:exam_weeks": {"title": "期中考试", "starts_on": "2030-04-20", "ends_on": "2030-04-24"},
        "plans:open": {"year": "2031", "window_closes_on": "2031-01-31"},
        "plans:file": {"title": "计划检查", "planned_month": "5"},
        "api:decide_matter": {"action": "approve", "reason": "同意"},
        "api:approve_routine": {"ids": [side.draft_matter.pk, matter]},
        "api:create_matter": {"draft": True, "kind": "inspection", "title": "授权巡检草稿"},
        "policy:cases": {"measure": "1", "title": "违规案例", "organizer_name": "某部门"},
        "burden:dispute": {"reason": "并未参加此次会议"},
        "burden:record": {"teacher": str(teacher), "category": "meetings", "hours": "1.5", "date": "2030-03-12"},
        "burden:resolve": {"resolution": "核实无误"},
        "burden:replace": {"teacher": str(teacher), "reason": "调整"},
        "burden:proctoring": {"date_from": "2030-03-01", "date_to": "2030-03-31"},
        "burden:proctoring_hours": {"hours": "2"},
        "burden:thresholds": {"year": "2030", "lesson_minutes": "45", "weekly_nonteaching_hours": "8",
                              "monthly_nonteaching_hours": "30", "reason": "调整"},
        "burden:secondment_return": {"returned_on": today.isoformat(), "note": "已返校"},
        "burden:sub_venue": {"video_sub_venue": "yes", "reason": "路途较远"},
        "burden:physical_exam_record": {"teacher": str(teacher), "year": "2030", "due_on": "2030-06-30"},
        "archive:review": {"decision": "verify", "note": "核实"},
        "archive:mine": {"section": "honour", "title": "新荣誉", "issuer": "包头市人民政府", "date": "2024-09-10"},
        "archive:entry_edit": {"section": "honour", "title": "改过的标题", "issuer": "包头市人民政府"},
        "archive:file_add": {"file": SimpleUploadedFile("证书.pdf", pdf_bytes(), content_type="application/pdf")},
        "archive:grants": {"department": str(side.users["department"].department_id), "purpose": "核对",
                           "schools": [str(side.school.pk)], "days": "30"},
        "sharing:export_new": {"purpose": "核对学生名单", "fields": ["name"], "schools": [str(side.school.pk)],
                               "expires_on": next_month.isoformat()},
        "sharing:export_edit": {"purpose": "改过的用途", "fields": ["name"], "schools": [str(side.school.pk)],
                                "expires_on": next_month.isoformat()},
        "sharing:export_decide": {"decision": "approve", "reason": "同意"},
        "parentschools:record": {"title": "讲座", "date": today.isoformat(), "speaker": "王老师",
                                 "audience_grade": "全校", "attended": "40", "invited": "50"},
        "oversight:case_step": {"note": "受理"},
        "registry:teacher_edit": {"subject": "数学"},
        "calendar:mine": {"intent": "regenerate"},
        "imports:upload": {"kind": "teachers", "file": SimpleUploadedFile("教师.xlsx", b"PK\x03\x04")},
        "accounts:user_new": {"username": "new-account", "display_name": "新账号"},
        "accounts:user_active": {"active": "0", "reason": "离职"},
        "accounts:user_password_reset": {"reason": "忘记密码"},
        "accounts:user_grant": {"role": "county_edu", "region": str(side.school.region_id), "reason": "调任教育局"},
    }.get(name, {})  # fmt: skip


def _post(client, name: str, url: str, side):
    """POST what an allowed user of `side`'s area would send."""
    data = _payload(name, side)
    if name.startswith("api:"):
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


def _refusals():
    for name, allowed in CHANGES.items():
        for role in ROLES:
            if role not in allowed:
                yield _marked(name, role, key=f"POST {name}")


@pytest.mark.parametrize(("name", "role"), list(_refusals()))
def test_a_post_by_a_role_that_may_not_change_it_is_refused_and_changes_nothing(world, db, name, role):
    # Given a user whose role may not change this, and the URL with an object of their own area
    side = world.home
    client = client_as(side, role)
    url = url_of(name, ROUTES[name], side, role)
    before = _database()

    # When they post what an allowed user would
    response = _post(client, name, url, side)

    # Then they are refused (sent to log in, when not logged in) and nothing changed
    if role == ANONYMOUS:
        refused = {UNAUTHORIZED if name.startswith("api:") else LOGIN}
    else:
        # A batch answers as usual with the ids skipped; a confined role never reaches it (403).
        refused = {BATCHES[name]} if name in BATCHES and role not in CONFINED else {FORBIDDEN, MISSING}
    assert outcome(response) in refused
    assert _changed(before, _database()) == []


def _out_of_scope_posts():
    for name, allowed in CHANGES.items():
        if _takes_an_object(name):
            for role in sorted(allowed):
                yield pytest.param(name, role, id=f"{name}-{role}")


@pytest.mark.parametrize(("name", "role"), list(_out_of_scope_posts()))
def test_a_post_with_an_object_of_another_area_is_refused_like_a_missing_one_and_changes_nothing(
    world, db, name, role
):
    # Given a user who may change this kind of object in their own area (logged in twice: each answer's messages
    # stay in its own session)
    first, second = client_as(world.home, role), client_as(world.home, role)
    before = _database()

    # When they post what they would for their own area to another area's object, and to one that does not exist
    away = _post(first, name, url_of(name, ROUTES[name], world.away, role), world.home)
    missing = _post(second, name, url_of(name, ROUTES[name], world.home, role, missing=True), world.home)

    # Then both are refused with 404 (or the endpoint's own refusal), the same way, and nothing changed
    expected = OUT_OF_SCOPE_POST_ANSWER.get(name, MISSING)
    assert (outcome(away), outcome(missing)) == (expected, expected)
    assert _messages(away) == _messages(missing)
    assert _page(away) == _page(missing) or expected != MISSING
    assert _changed(before, _database()) == []


# The refusals above post what an allowed user would; for these endpoints the world lets the allowed user's post
# succeed, which shows the payload is one that changes something (the others need a state the world does not
# set up: a Matter awaiting a decision, an exam already held, …; their refusals come before any validation).
PAYLOAD_PROVEN = [
    ("matters:new", "city_edu"), ("matters:edit", "department"),
    ("matters:exam_weeks", "school_admin"), ("matters:exam_week_delete", "school_admin"),
    ("plans:open", "city_edu"), ("plans:file", "county_edu"), ("plans:publish", "county_edu"),
    ("calendar:mine", "school_admin"), ("policy:cases", "supervisor"), ("burden:resolve", "school_admin"),
    ("burden:thresholds", "city_edu"), ("burden:physical_exam_record", "school_admin"),
    ("archive:mine", "teacher"), ("archive:entry_edit", "teacher"), ("archive:entry_submit", "teacher"),
    ("archive:file_add", "teacher"), ("archive:file_remove", "teacher"), ("archive:grant_revoke", "city_edu"),
    ("sharing:export_new", "department"), ("sharing:export_edit", "department"),
    ("sharing:export_submit", "department"), ("sharing:export_decide", "county_edu"),
    ("parentschools:record", "school_admin"), ("parentschools:delete", "school_admin"),
    ("oversight:case_step", "county_edu"), ("api:create_matter", "city_edu"),
    ("accounts:user_new", "system_admin"), ("accounts:user_active", "system_admin"),
    ("accounts:user_password_reset", "system_admin"), ("accounts:user_grant", "security_admin"),
    ("accounts:user_unlock", "security_admin"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "role"), PAYLOAD_PROVEN)
def test_the_payload_the_refusals_post_changes_something_when_an_allowed_user_posts_it(world, db, name, role):
    # Given a user whose role may change this, in their own area
    assert role in CHANGES[name]
    client = client_as(world.home, role)
    before = _database()

    # When they post the payload the refused roles post
    _post(client, name, url_of(name, ROUTES[name], world.home, role), world.home)

    # Then something changed
    assert _changed(before, _database()) != []


def _messages(response) -> list[str]:
    """The messages a redirect leaves for the next page (how a form-target refusal explains itself)."""
    return [str(message) for message in get_messages(response.wsgi_request)]
