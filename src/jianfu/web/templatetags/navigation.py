"""Template filters of the navigation (base.html)."""

from django import template

register = template.Library()


@register.filter
def nav_holds(group, path: str) -> bool:
    """Whether a menu group holds the page at `path` (its heading is then marked current)."""
    return group.holds(path)
