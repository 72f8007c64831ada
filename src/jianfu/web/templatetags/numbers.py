"""Numbers in tables, written as the template would write them, without the template's per-value lookups.

Django writes each number through `localize`, which asks the active language and its formats every time, and
each `{% for %}` cell is a loop step, a variable lookup and an escape: a county's dashboard has some 8,000 cells,
most of the page's CPU (issue 8). With one language whose decimal mark is "." and no thousands grouping,
`localize` writes an int as `str` and a Decimal as `{:f}`; `num` and `num_cells` do that directly and leave
anything else (text, floats, None) to `localize` as before.
"""

import functools
from decimal import Decimal

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.utils import formats, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@functools.cache
def _plain_in(language: str) -> bool:
    """Whether `localize` writes numbers plainly in `language` (mark ".", no grouping)."""
    return formats.get_format("DECIMAL_SEPARATOR", language) == "." and not settings.USE_THOUSAND_SEPARATOR


@functools.cache
def _only_language() -> str | None:
    """The one language the site speaks, if it speaks one (settings.LANGUAGES), else None: ask per value."""
    return settings.LANGUAGES[0][0] if len(settings.LANGUAGES) == 1 else None


def _plain() -> bool:
    return _plain_in(_only_language() or translation.get_language())


def _forget(**kwargs) -> None:
    _plain_in.cache_clear()
    _only_language.cache_clear()


setting_changed.connect(_forget)


def _plain_text(value) -> str | None:
    """An int or finite Decimal as plain `localize` writes it, or None for any other value."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is Decimal and value.is_finite():
        _, digits, exponent = value.as_tuple()
        if abs(exponent) + len(digits) <= 200:  # beyond that localize switches to scientific notation
            return f"{value:f}"
    return None


@register.filter(is_safe=True)
def num(value):
    """An int or finite Decimal as `localize` writes it; any other value unchanged."""
    if not _plain():
        return value
    text = _plain_text(value)
    return value if text is None else text


@register.simple_tag
def num_cells(cells) -> SafeString:
    """`<td class="num">` per cell, each written as `{{ cell }}` would write it."""
    plain = _plain()

    def text(cell) -> str:
        written = _plain_text(cell) if plain else None
        return conditional_escape(formats.localize(cell)) if written is None else written

    return mark_safe("".join(f'<td class="num">{text(cell)}</td>' for cell in cells))  # noqa: S308 (escaped)
