from django import template

register = template.Library()


@register.filter
def field(values: dict, name: str):
    """values|field:"campus_activity.hours" — dict lookup by a key that has dots."""
    value = values.get(name, "") if isinstance(values, dict) else ""
    return "" if value is None else value


@register.filter
def checked(values: dict, name: str) -> str:
    value = values.get(name) if isinstance(values, dict) else None
    return " checked" if value in (True, "on", "true") else ""


@register.filter
def contains(values, item) -> bool:
    return item in (values or ())
