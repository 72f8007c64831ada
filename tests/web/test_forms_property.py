"""Every Django form of the platform, fed generated input field by field (text with control characters, very long
and Chinese; numbers at and past their bounds; odd dates; valid and invalid choices; small random files): is_valid()
never raises and every refusal is worded in Chinese.

The forms are found by importing every module of jianfu and walking the subclasses of Django's BaseForm, so a new
form is fuzzed as soon as it exists; one that cannot be built without arguments must be given them in CONSTRUCTORS
or be listed in EXCLUDED with a reason, else the first test fails.
"""

import importlib
import pkgutil
import re
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jianfu
from jianfu.matters.models import Matter
from jianfu.registry.models import Department, School, Teacher
from tests.factories import SchoolFactory, TeacherFactory, approved_matter_of, department_user, region

CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_EXAMPLES = 30


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(jianfu.__path__, "jianfu."):
        if ".migrations" in module.name or module.name in {
            "jianfu.manage",
            "jianfu.config.wsgi",
            "jianfu.config.asgi",
        }:
            continue
        importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def platform_forms() -> dict[str, type[forms.BaseForm]]:
    """Every form class defined in jianfu, by its dotted name."""
    _import_every_module()
    found = {f"{cls.__module__}.{cls.__qualname__}": cls for cls in _subclasses(forms.BaseForm)}
    return {name: cls for name, cls in sorted(found.items()) if name.startswith("jianfu.")}


def _request():
    request = RequestFactory().post("/accounts/login/")
    request.session = {}
    return request


# Forms whose views pass them what they choose from: the same kinds of objects, from the test's data.
CONSTRUCTORS = {
    "jianfu.accounts.forms.LoginForm": lambda: {"request": _request()},
    "jianfu.archive.forms.GrantForm": lambda: {
        "departments": Department.objects.order_by("pk"),
        "schools": School.objects.select_related("region").order_by("pk"),
    },
    "jianfu.burden.forms.ParticipationForm": lambda: {
        "matters": Matter.objects.order_by("pk"),
        "teachers": Teacher.objects.order_by("pk"),
    },
    "jianfu.burden.forms.ReplaceForm": lambda: {"teachers": Teacher.objects.order_by("pk")},
}
EXCLUDED: dict[str, str] = {}
FORMS = platform_forms()


@pytest.fixture
def objects(db, settings):
    """Objects the choice fields choose from; logins hash with MD5 (argon2 would make each example ~0.3 s and
    plays no part in what is checked)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    school = SchoolFactory(region=region("150222"))
    TeacherFactory(school=school)
    department_user("固阳县卫生健康委员会")
    approved_matter_of(school, day=date(2030, 3, 11))


def build(name: str, **kwargs) -> forms.BaseForm:
    extra = CONSTRUCTORS.get(name, dict)()
    return FORMS[name](**extra, **kwargs)


def test_every_form_of_the_platform_is_fuzzed_or_excluded_with_a_reason(objects):
    # Given every form class of the platform
    unbuildable = []

    # When each not excluded is built as its view builds it
    for name in FORMS:
        if name in EXCLUDED:
            continue
        try:
            build(name)
        except TypeError as exc:
            unbuildable.append(f"{name}: {exc}")

    # Then each one could be (so it is fuzzed below), and every exclusion names a form that still exists
    assert unbuildable == []
    assert sorted(set(EXCLUDED) - set(FORMS)) == []
    assert len(FORMS) >= 28


# --- what is typed, field by field -------------------------------------------------------------------------------

_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)
_chinese = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=30
)
_controls = st.text(
    alphabet=st.characters(max_codepoint=0x1F, blacklist_characters="\x00"), min_size=1, max_size=8
)
_odd = st.sampled_from(
    ["", " ", "\t\r\n", "0", "-1", "1e309", "NaN", "-Infinity", "<script>", "１２", "None", "[]"]
)
_huge = st.sampled_from([-(10**30), -(2**63), 2**63, 10**30, 10**400])


def _long(field) -> st.SearchStrategy[str]:
    """Just within and just past the field's length limit (or very long when it has none)."""
    limit = getattr(field, "max_length", None) or 5000
    return st.sampled_from([limit, limit + 1, limit * 3]).flatmap(
        lambda n: st.sampled_from(["长", "a", "\u3000"]).map(lambda c: c * n)
    )


def _number(field) -> st.SearchStrategy[str]:
    bounds = []
    for bound in (getattr(field, "min_value", None), getattr(field, "max_value", None)):
        if bound is not None:
            bound = Decimal(str(bound))
            bounds += [bound - 1, bound - Decimal("0.001"), bound, bound + Decimal("0.001"), bound + 1]
    return st.one_of(
        st.sampled_from(bounds or [0]).map(str),
        st.integers().map(str),
        _huge.map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(str),
    )


_dates = st.one_of(
    st.dates().map(date.isoformat),
    st.sampled_from(["2024-02-30", "2023-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01",
                     "2024-13-01", "2024-00-10", "2024/01/01", "20240101", "２０２４-０１-０１", "2024-1-1",
                     "1970-01-01T00:00:00", "-2024-01-01"]),
)  # fmt: skip


def _choice_values(field) -> list[str]:
    values = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):  # an option group
            values += [str(v) for v, _ in label]
        else:
            values.append(str(getattr(value, "value", value)))
    return values


def _choice(field) -> st.SearchStrategy[str]:
    valid = [value for value in _choice_values(field) if value][:50]
    return st.one_of(st.sampled_from(valid or [""]), _text, _huge.map(str), st.integers(-5, 5).map(str))


def _file() -> st.SearchStrategy[SimpleUploadedFile]:
    names = st.one_of(
        _text.filter(bool), st.sampled_from(["证书.pdf", "a.xlsx", "../../etc/passwd", "x" * 300, "照片.JPG"])
    )
    return st.builds(lambda name, content: SimpleUploadedFile(name, content), names, st.binary(max_size=2048))


def _value(field) -> st.SearchStrategy:
    """What a browser (or an attacker) may send for `field`: a list of strings, or of files."""
    if isinstance(field, forms.FileField):
        return st.lists(
            _file(),
            max_size=3
            if isinstance(field.widget, forms.FileInput) and field.widget.allow_multiple_selected
            else 1,
        )
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return st.lists(_choice(field), max_size=4)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        one = _choice(field)
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        one = st.one_of(_number(field), _odd, _text)
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        one = st.one_of(_dates, _odd, _text)
    elif isinstance(field, forms.BooleanField):
        one = st.one_of(st.sampled_from(["on", "true", "false", "0", "1", "", "yes"]), _text)
    else:
        one = st.one_of(_text, _chinese, _controls, _odd, _long(field))
    return one.map(lambda value: [value])


@st.composite
def submissions(draw, form: forms.BaseForm):
    """The POST body and files of one submission: each field sent or left out, with a generated value."""
    post, files = MultiValueDict(), MultiValueDict()
    for name, field in form.fields.items():
        if not draw(st.booleans()):
            continue
        values = draw(_value(field))
        (files if isinstance(field, forms.FileField) else post).setlist(form.add_prefix(name), values)
    return post, files


def _messages(form: forms.BaseForm) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


@pytest.mark.parametrize("name", [name for name in FORMS if name not in EXCLUDED])
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=st.data())
def test_a_form_never_raises_on_generated_input_and_words_each_refusal_in_chinese(objects, name, drawn):
    # Given the form as its view builds it, and what a browser might send
    post, files = drawn.draw(submissions(build(name)), label="submission")
    form = build(name, data=post, files=files)

    # When it is validated
    valid = form.is_valid()

    # Then it answered without raising, and every message it gives is Chinese
    assert isinstance(valid, bool)
    assert [message for message in _messages(form) if not CJK.search(message)] == []


def test_a_grant_naming_a_school_id_past_the_largest_is_refused_in_chinese(objects):
    # SQLite raised OverflowError on the IN query for such an id (500 on archive:grants).
    form = build("jianfu.archive.forms.GrantForm", data=MultiValueDict({"schools": [str(2**63)]}))

    valid = form.is_valid()

    assert valid is False
    assert form.errors["schools"] == [f"选择一个有效的选项。 {2**63} 不在可用的选项中。"]
