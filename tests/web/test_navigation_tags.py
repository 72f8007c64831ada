"""`asset` and `fixed_url` (web/templatetags/navigation.py) write what `{% static %}` and `{% url %}` write."""

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, set_script_prefix

ASSET = Template("{% load navigation %}{% asset 'jianfu/app.css' %}")
STATIC = Template("{% load static %}{% static 'jianfu/app.css' %}")
FIXED = Template("{% load navigation %}{% fixed_url 'accounts:password_change' %}")
URL = Template("{% url 'accounts:password_change' %}")


@pytest.fixture
def prefix():
    yield set_script_prefix
    clear_script_prefix()


def test_asset_writes_the_static_address():
    assert ASSET.render(Context()) == STATIC.render(Context()) == "/static/jianfu/app.css"


def test_fixed_url_writes_the_reversed_address():
    assert FIXED.render(Context()) == URL.render(Context()) == "/accounts/password/"


def test_fixed_url_follows_the_script_prefix(prefix):
    # given the site mounted under /jianfu/ after the address was written once at the root
    FIXED.render(Context())
    prefix("/jianfu/")
    # then the address carries the prefix, as {% url %} writes it
    assert FIXED.render(Context()) == URL.render(Context()) == "/jianfu/accounts/password/"


def test_asset_follows_a_changed_static_url(settings):
    # given the address written once, then the static files moved behind a CDN
    ASSET.render(Context())
    settings.STATIC_URL = "https://cdn.example.gov.cn/static/"
    # then the address is the new one, as {% static %} writes it
    assert (
        ASSET.render(Context())
        == STATIC.render(Context())
        == "https://cdn.example.gov.cn/static/jianfu/app.css"
    )
