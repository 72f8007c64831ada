"""Template tags of the navigation (base.html): the menu rendered once in Python for the desktop and the phone.

Every page carries the menu twice (a row of menus and a phone's list), some thirty links each for a bureau; as
template loops that was the largest part of rendering a short page, so it is built here with format_html.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def nav_holds(group, path: str) -> bool:
    """Whether a menu group holds the page at `path` (its heading is then marked current)."""
    return group.holds(path)


def _current(url: str, path: str) -> SafeString:
    return mark_safe(' aria-current="page"') if url == path else mark_safe("")


def _links(items, path: str) -> SafeString:
    return format_html_join(
        "",
        '<li><a href="{}"{}>{}</a></li>',
        ((item.url, _current(item.url, path), item.label) for item in items),
    )


def _wide(entry, path: str) -> SafeString:
    if getattr(entry, "items", None):
        marked = mark_safe(' class="is-current"') if entry.holds(path) else mark_safe("")
        return format_html(
            '<li class="nav-group"><details data-nav-group><summary{}>{}</summary><ul>{}</ul></details></li>',
            marked,
            entry.label,
            _links(entry.items, path),
        )
    return _links([entry], path)


def _narrow(entry, path: str) -> SafeString:
    if getattr(entry, "items", None):
        return format_html('<li class="nav-heading">{}</li>{}', entry.label, _links(entry.items, path))
    return _links([entry], path)


@register.simple_tag
def nav_menu(menu, path: str) -> SafeString:
    """The desktop row of menus and the phone's list, the page at `path` marked current in both."""
    if not menu:
        return mark_safe("")
    wide = format_html_join("", "{}", ((_wide(entry, path),) for entry in menu))
    narrow = format_html_join("", "{}", ((_narrow(entry, path),) for entry in menu))
    return format_html(
        '<nav class="nav-wide" aria-label="主菜单"><ul class="header-inner">{}</ul></nav>'
        '<details class="nav-narrow"><summary>菜单</summary><nav aria-label="主菜单"><ul>{}</ul></nav></details>',
        wide,
        narrow,
    )


@register.simple_tag
def nav_shortcuts(items) -> SafeString:
    """The home page's shortcuts: every menu entry but the first (首页 itself)."""
    return format_html_join(
        "", '<li><a class="shortcut" href="{}">{}</a></li>', ((item.url, item.label) for item in items[1:])
    )
