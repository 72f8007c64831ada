"""The data-request panel of a Matter's page: which fields are held and which are new, and what was delivered."""

from django import template

from jianfu.datahub.selectors.deliveries import request_panel

register = template.Library()


@register.inclusion_tag("datahub/_matter_panel.html", takes_context=True)
def data_request_panel(context, matter):
    """`matter` was accessed through the data scope by the page's view."""
    user = context["request"].user
    return {"panel": request_panel(user=user, matter=matter), "matter": matter}
