"""Template tags of the navigation (base.html): the menu rendered once in Python for the desktop and the phone.

Every page carries the menu twice (a row of menus and a phone's list), some thirty links each for a bureau; as
template loops that was the largest part of rendering a short page. Here it is plain string building, every
label and address escaped with html.escape, and the result kept per process for a menu and a path (menus are the
same for every teacher of a school, so the next page of any of them reuses it).
"""

import functools
from html import escape

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


CURRENT = ' aria-current="page"'


def _links(items, path: str) -> str:
    return "".join(
        f'<li><a href="{escape(item.url)}"{CURRENT if item.url == path else ""}>{escape(item.label)}</a></li>'
        for item in items
    )


def _wide(entry, path: str) -> str:
    if not getattr(entry, "items", None):
        return _links([entry], path)
    marked = ' class="is-current"' if entry.holds(path) else ""
    return (
        f'<li class="nav-group"><details data-nav-group><summary{marked}>{escape(entry.label)}</summary>'
        f"<ul>{_links(entry.items, path)}</ul></details></li>"
    )


def _narrow(entry, path: str) -> str:
    if not getattr(entry, "items", None):
        return _links([entry], path)
    return f'<li class="nav-heading">{escape(entry.label)}</li>{_links(entry.items, path)}'


# Entries are frozen dataclasses, so a menu as a tuple is a key; a few hundred menus and paths fit in ~1 MB.
@functools.lru_cache(maxsize=512)
def _menu_html(menu: tuple, path: str) -> str:
    wide = "".join(_wide(entry, path) for entry in menu)
    narrow = "".join(_narrow(entry, path) for entry in menu)
    return (
        f'<nav class="nav-wide" aria-label="主菜单"><ul class="header-inner">{wide}</ul></nav>'
        f'<details class="nav-narrow"><summary>菜单</summary><nav aria-label="主菜单"><ul>{narrow}</ul></nav>'
        "</details>"
    )


@functools.lru_cache(maxsize=256)
def _shortcuts_html(items: tuple) -> str:
    return "".join(
        f'<li><a class="shortcut" href="{escape(item.url)}">{escape(item.label)}</a></li>'
        for item in items[1:]
    )


@register.simple_tag
def nav_menu(menu, path: str) -> SafeString:
    """The desktop row of menus and the phone's list, the page at `path` marked current in both."""
    if not menu:
        return mark_safe("")
    return mark_safe(_menu_html(tuple(menu), path))  # noqa: S308 (every label and address is escaped)


@register.simple_tag
def nav_shortcuts(items) -> SafeString:
    """The home page's shortcuts: every menu entry but the first (首页 itself)."""
    return mark_safe(_shortcuts_html(tuple(items)))  # noqa: S308 (escaped)


# Every page's frame: three static files and three fixed addresses. Each `{% static %}` or `{% url %}` costs
# 10–20 µs, a tenth of a short page's template (issue 8); the answers do not change within a process, except with
# the URL configuration and script prefix, which key the cache.
@functools.lru_cache(maxsize=64)
def _asset(path: str) -> str:
    return static(path)


@functools.lru_cache(maxsize=256)
def _fixed_url(urlconf, prefix: str, name: str) -> str:
    return reverse(name, urlconf=urlconf)  # reverse reads the prefix itself; here it only keys the cache


def _forget(**kwargs) -> None:
    """A changed setting (STATIC_URL, ROOT_URLCONF, in tests) may change every address kept."""
    _asset.cache_clear()
    _fixed_url.cache_clear()


setting_changed.connect(_forget)


@register.simple_tag
def asset(path: str) -> str:
    """`{% static path %}`, kept per process."""
    return _asset(path)


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` of a URL without arguments, kept per process, URL configuration and script prefix."""
    return _fixed_url(get_urlconf(), get_script_prefix(), name)
