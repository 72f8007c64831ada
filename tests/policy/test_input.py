"""Matter input: each kind parses; bad input names the field path in Chinese; no JSON ever crashes."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianfu.policy.engine import screen
from jianfu.policy.matter_input import MatterInputError, parse_matter
from tests.policy import builders


@pytest.mark.parametrize(
    "data",
    [
        builders.task("标题"),
        builders.inspection(),
        builders.meeting(),
        builders.secondment(),
        builders.social_exam(),
        builders.campus_activity(),
        builders.training(),
        builders.data_request(),
    ],
    ids=lambda d: d["kind"],
)
def test_every_kind_parses(data):
    matter = parse_matter(data)
    assert matter.kind == data["kind"]
    assert screen(matter).verdict in {"pass", "review", "block"}


def _fields(data) -> dict[str, str]:
    with pytest.raises(MatterInputError) as caught:
        parse_matter(data)
    return {error["field"]: error["message"] for error in caught.value.errors}


def test_unknown_kind_is_an_error_on_kind():
    fields = _fields({**builders.task("标题"), "kind": "party"})
    assert list(fields) == ["kind"]
    assert "未知的事项类型" in fields["kind"]


def test_missing_kind():
    assert _fields({"title": "x"}) == {"kind": "缺少必填字段"}


def test_not_an_object():
    assert _fields([1, 2]) == {"": "应为JSON对象"}


def test_nested_field_paths():
    data = builders.meeting(
        attendees=[
            {"region": "150204", "count": 1},
            {"region": "150222", "count": 1},
            {"region": "15", "count": "五"},
        ]
    )
    fields = _fields(data)
    assert fields["attendees[2].count"] == "应为整数"
    assert fields["attendees[2].region"] == "格式不正确"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"starts_on": 20270301}, "starts_on", "应为ISO日期字符串（YYYY-MM-DD）"),
        ({"starts_on": "2027-02-30"}, "starts_on", "不是有效的ISO日期（YYYY-MM-DD）"),
        ({"ends_on": "2027-01-01"}, "ends_on", "结束日期不能早于开始日期"),
        ({"education_consent": "yes"}, "education_consent", "应为布尔值（true 或 false）"),
    ],
)
def test_secondment_field_errors(overrides, field, message):
    assert _fields(builders.secondment(**overrides))[field] == message


def test_organizer_level_and_targets():
    data = builders.task("标题")
    data["organizer"] = {"name": "x", "is_education": 1, "level": "province"}
    data["targets"] = {"teachers": "true"}
    fields = _fields(data)
    assert fields["organizer.is_education"].startswith("应为布尔值")
    assert fields["organizer.level"].startswith("取值应为")
    assert fields["targets.teachers"].startswith("应为布尔值")


def test_data_request_population_and_training_tier():
    assert "population" in _fields(builders.data_request(population="parents"))
    assert "tier" in _fields(builders.training(tier="province"))


def test_error_message_is_chinese_and_names_fields():
    with pytest.raises(MatterInputError) as caught:
        parse_matter(builders.inspection(in_annual_plan=None))
    assert "in_annual_plan" in str(caught.value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=30,
)
KEYS = st.sampled_from(
    ["kind", "title", "description", "organizer", "targets", "attendees", "starts_on", "ends_on", "fields",
     "school_codes", "hours", "tier", "venue_region", "materials", "population", "duration_minutes"]
)  # fmt: skip


def _screen_or_input_error(data) -> None:
    try:
        result = screen(data)
    except MatterInputError as exc:
        assert exc.errors and all({"field", "message"} <= set(error) for error in exc.errors)
    else:
        json.dumps(result.as_dict(), ensure_ascii=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_arbitrary_json_never_crashes(data):
    _screen_or_input_error(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        list(
            builders.__dict__[name]()
            for name in (
                "inspection",
                "meeting",
                "secondment",
                "social_exam",
                "campus_activity",
                "training",
                "data_request",
            )
        )
    ),
    st.dictionaries(KEYS, JSON, max_size=4),
)
def test_valid_matters_with_arbitrary_fields_never_crash(base, overrides):
    _screen_or_input_error({**base, **overrides})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=60))
def test_arbitrary_text_never_crashes(description, title):
    _screen_or_input_error(builders.task(title or "标题", description))
