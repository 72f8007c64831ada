"""`num` and `num_cells` (web/templatetags/numbers.py) write every value exactly as the template's `{{ value }}`."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

LOOP = Template('{% for cell in cells %}<td class="num">{{ cell }}</td>{% endfor %}')
TAG = Template("{% load numbers %}{% num_cells cells %}")
FILTER = Template("{% load numbers %}{% for cell in cells %}{{ cell|num }}|{% endfor %}")
PLAIN = Template("{% for cell in cells %}{{ cell }}|{% endfor %}")

cells = st.lists(
    st.one_of(
        st.integers(),
        st.decimals(allow_nan=False, allow_infinity=False, places=2),
        st.decimals(
            allow_nan=False, allow_infinity=False
        ),  # any exponent (Django cannot write NaN or infinity)
        st.floats(),
        st.booleans(),
        st.none(),
        st.text(max_size=8),
        st.sampled_from(["是", "否", "<b>", "a&b"]),
    ),
    max_size=12,
)


@given(cells)
def test_num_cells_writes_what_the_template_loop_writes(values):
    assert TAG.render(Context({"cells": values})) == LOOP.render(Context({"cells": values}))


@given(cells)
def test_num_filter_writes_what_the_plain_variable_writes(values):
    assert FILTER.render(Context({"cells": values})) == PLAIN.render(Context({"cells": values}))


def test_hours_and_counts_are_written_plainly():
    rendered = TAG.render(Context({"cells": [Decimal("1234.50"), 7, Decimal("-0.00"), "是"]}))
    assert rendered == (
        '<td class="num">1234.50</td><td class="num">7</td><td class="num">-0.00</td><td class="num">是</td>'
    )


@pytest.fixture
def language(settings):
    """The site in one other language, active."""

    def speak(code: str) -> None:
        settings.LANGUAGES = [(code, code)]
        settings.LANGUAGE_CODE = code
        translation.activate(code)

    yield speak
    translation.activate("zh-hans")


def test_with_thousands_grouping_on_numbers_are_left_to_localize(settings, language):
    # given a language that groups thousands with ","
    language("en")
    settings.USE_THOUSAND_SEPARATOR = True
    values = [Decimal("1234567.50"), 1234567]
    # then the cells are grouped, as the template loop writes them
    assert TAG.render(Context({"cells": values})) == LOOP.render(Context({"cells": values}))
    assert TAG.render(Context({"cells": values})) == (
        '<td class="num">1,234,567.50</td><td class="num">1,234,567</td>'
    )


def test_with_a_decimal_comma_numbers_are_left_to_localize(language):
    language("de")
    values = [Decimal("12.50")]
    assert FILTER.render(Context({"cells": values})) == PLAIN.render(Context({"cells": values})) == "12,50|"
