"""The main state-changing pages, posted generated (mostly invalid) input by a user allowed to post there: never a
5xx, and when the page refuses the input, not one row of any table changed (tests/security's table dump)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.matters.forms import KIND_FIELDS
from jianfu.matters.models import Kind
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    approved_matter_of,
    department_user,
    region,
    user_with_role,
)
from tests.security.test_authorization_sweep import _changed, _database
from tests.web.test_forms_property import _chinese, _controls, _dates, _file, _huge, _odd, _text

MAX_EXAMPLES = 30
ANONYMOUS = "anonymous"

_numbers = st.one_of(
    st.integers(-5, 100).map(str), _huge.map(str), st.sampled_from(["1.5", "-0", "1e3", "NaN"])
)
_typed = st.one_of(_text, _chinese, _controls, _odd, _dates, _numbers)


def _ids(pks: list[int]) -> st.SearchStrategy[list[str]]:
    """A list of ids: real ones mixed with unknown, negative, huge and not numbers."""
    return st.lists(st.one_of(st.sampled_from([str(pk) for pk in pks]), _numbers, _text), max_size=3)


def _one(values) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.sampled_from(values), _typed).map(lambda value: [value])


def _matter_fields(world) -> dict:
    kind_fields = {
        f"{kind}.{key}": _typed.map(lambda v: [v]) for kind, keys in KIND_FIELDS.items() for key, _ in keys
    }
    return {
        "kind": _one(Kind.values),
        "title": _typed.map(lambda v: [v]),
        "description": _typed.map(lambda v: [v]),
        "starts_on": _one(["2030-03-11"]),
        "ends_on": _one(["2030-03-12"]),
        "schools": _ids([world["school"].pk]),
        "targets.teachers": _one(["on"]),
        "intent": _one(["draft", "submit"]),
        **kind_fields,
    }


# Each page: its URL name, who posts, and what each of its fields may be sent as (a list of values or of files).
PAGES = {
    "matters:new": (Role.DEPARTMENT, _matter_fields),
    "reporting:new": (
        ANONYMOUS,
        lambda world: {
            name: _typed.map(lambda v: [v])
            for name in ("title", "description", "organizer_name", "organizer_level", "demanded_on", "school",
                         "region", "matter", "verification_code", "anonymous", "altcha", "website")
        } | {"evidence": st.lists(_file(), max_size=2)},
    ),
    "archive:mine": (
        Role.TEACHER,
        lambda world: {
            "section": _one(["honour", "degree", "training"]),
            "title": _typed.map(lambda v: [v]),
            "issuer": _typed.map(lambda v: [v]),
            "date": _dates.map(lambda v: [v]),
            "details": _typed.map(lambda v: [v]),
            "file": st.lists(_file(), max_size=1),
        },
    ),
    "burden:record": (
        Role.SCHOOL_ADMIN,
        lambda world: {
            "matter": _ids([world["matter"].pk]).map(lambda ids: ids[:1]),
            "teachers": _ids([world["teacher"].pk]),
            "category": _one(["meetings", "inspections", "other"]),
            "hours": _numbers.map(lambda v: [v]),
            "date": _dates.map(lambda v: [v]),
            "note": _typed.map(lambda v: [v]),
        },
    ),
    "parentschools:record": (
        Role.SCHOOL_ADMIN,
        lambda world: {
            name: _typed.map(lambda v: [v])
            for name in ("date", "title", "speaker", "audience_grade", "attended", "invited", "notes")
        },
    ),
    "matters:exam_weeks": (
        Role.SCHOOL_ADMIN,
        lambda world: {
            "title": _typed.map(lambda v: [v]),
            "starts_on": _dates.map(lambda v: [v]),
            "ends_on": _dates.map(lambda v: [v]),
        },
    ),
    "policy:cases": (
        Role.SUPERVISOR,
        lambda world: {
            "measure": _one([str(n) for n in range(1, 21)]),
            **{name: _typed.map(lambda v: [v]) for name in ("rule_id", "title", "description", "organizer_name", "source_note")},
        },
    ),
    "sharing:export_new": (
        Role.DEPARTMENT,
        lambda world: {
            "purpose": _typed.map(lambda v: [v]),
            "fields": st.lists(st.one_of(st.sampled_from(["name", "class_name", "id_number"]), _text), max_size=3),
            "id_justification": _typed.map(lambda v: [v]),
            "schools": _ids([world["school"].pk]),
            "expires_on": _dates.map(lambda v: [v]),
            "intent": _one(["draft", "submit"]),
        },
    ),
}  # fmt: skip


@pytest.fixture
def world(db, settings, tmp_path):
    """固阳县: a school with a teacher, an approved Matter concerning it, and a user of each role that posts."""
    settings.MEDIA_ROOT = tmp_path / "media"
    school = SchoolFactory(region=region("150222"))
    teacher = TeacherFactory(school=school)
    department = department_user("固阳县卫生健康委员会")
    return {
        "school": school,
        "teacher": teacher,
        "matter": approved_matter_of(school, day=dt.date(2030, 3, 11)),
        Role.DEPARTMENT: department,
        Role.TEACHER: user_with_role(Role.TEACHER, teacher=teacher, school=school),
        Role.SCHOOL_ADMIN: user_with_role(Role.SCHOOL_ADMIN, school=school),
        Role.SUPERVISOR: user_with_role(Role.SUPERVISOR, region_code="150222"),
    }


def _writes() -> dict[str, list]:
    """Every row of every table, audit reads aside: a page that refuses input and shows itself again records
    that it showed personal data (archive.view), which is a read, not a partial write."""
    rows = _database()
    rows["audit.AuditEvent"] = [
        row for row in rows["audit.AuditEvent"] if row["category"] != AuditEvent.Category.READ
    ]
    return rows


@st.composite
def _post(draw, fields: dict):
    """Each field sent or left out; files apart from the rest, as a browser's multipart body carries them."""
    data = {}
    for name, values in fields.items():
        if draw(st.booleans()):
            data[name] = draw(values)
    return data


@pytest.mark.parametrize("page", list(PAGES))
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=st.data())
def test_a_page_refusing_generated_input_answers_no_5xx_and_changes_no_row(world, page, drawn):
    # Given a user allowed to post to the page, and what a browser (or an attacker) might send
    role, fields = PAGES[page]
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world[role])
    data = drawn.draw(_post(fields(world)), label="post")
    before = _writes()

    # When it is posted
    response = client.post(reverse(page), data)

    # Then no server error; and unless the page accepted it (a redirect), nothing was written
    assert response.status_code < 500
    if response.status_code != 302:
        assert _changed(before, _writes()) == []


def test_an_export_request_naming_a_school_id_past_the_largest_answers_and_writes_nothing(world):
    # Given a department user (SQLite raised OverflowError on the lookup of such an id: 500)
    client = Client()
    client.force_login(world[Role.DEPARTMENT])
    before = _writes()

    # When the export form names a school id past what the database holds
    response = client.post(
        reverse("sharing:export_new"), {"purpose": "核对学生名单", "schools": [str(2**63)]}
    )

    # Then the form is shown again with its errors (400), not a server error
    assert response.status_code == 400
    assert _changed(before, _writes()) == []


def test_a_multipart_post_holding_a_nul_is_refused_before_any_view(world):
    # Given a department user on the Matter form, which browsers send as multipart/form-data
    client = Client()
    client.force_login(world[Role.DEPARTMENT])
    before = _writes()

    # When a field holds a NUL
    response = client.post(
        reverse("matters:new"), {"kind": "inspection", "title": "巡检\x00事项", "intent": "draft"}
    )

    # Then it is refused like one in a URL-encoded form, and nothing is written
    assert response.status_code == 400
    assert _changed(before, _writes()) == []
