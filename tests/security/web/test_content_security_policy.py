"""A strict Content-Security-Policy: every HTML page served — the public pages, the login and lock-out pages, the
home page of each role and every page its menu links to — carries a policy whose scripts come from the platform
only (no 'unsafe-inline', no 'unsafe-eval'), and no page's HTML holds an inline script body, an event-handler
attribute (on…=) or a javascript: URL (JSON data blocks of json_script are data, not script), which that policy would block (or which would need it loosened)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from jianfu.accounts.models import Role
from tests.factories import bureau_user, department_user, party_user, user_with_role

EXPECTED_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# Links that are downloads or feeds, not HTML pages.
NOT_PAGES = ("export=", ".ics", ".svg", ".xlsx", ".pdf", "/download/", "/files/", "/static/", "/evidence/")


class InlineScriptFinder(HTMLParser):
    """Inline script bodies, on…= attributes, javascript: URLs and same-site links of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: set[str] = set()
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script":
            # A data block ({{ value|json_script }}: type application/json) is never run; any other is a script.
            self._in_script = dict(attrs).get("type") != "application/json"
            if self._in_script and "src" not in dict(attrs):
                self.problems.append("<script> without src")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.add(href)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script body: {data.strip()[:60]}")


def policy_of(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    return {parts[0]: parts[1:] for parts in (d.split() for d in header.split(";") if d.strip()) if parts}


def problems_of(url: str, response) -> tuple[list[str], set[str]]:
    """What breaks the policy on one HTML page (its header included), and the page's same-site links."""
    found = []
    policy = policy_of(response)
    scripts = policy.get("script-src", policy.get("default-src", []))
    if policy != EXPECTED_DIRECTIVES or "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        found.append(f"policy: {response.get('Content-Security-Policy')!r}")
    parser = InlineScriptFinder()
    parser.feed(response.content.decode())
    found += parser.problems
    return [f"{url}: {problem}" for problem in found], parser.links


def crawl(client, start: str) -> tuple[dict[str, int], list[str]]:
    """The start page and every page it links to (one step): their statuses and their problems."""
    statuses, problems = {}, []
    response = client.get(start)
    statuses[start] = response.status_code
    found, links = problems_of(start, response)
    problems += found
    for link in sorted(links):
        path = urlsplit(link).path + (f"?{urlsplit(link).query}" if urlsplit(link).query else "")
        if link in statuses or any(marker in link for marker in NOT_PAGES):
            continue
        response = client.get(path)
        statuses[link] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            problems += problems_of(link, response)[0]
    return statuses, problems


def user_of(role: str, county):
    return {
        Role.CITY_EDU: lambda: bureau_user("150200"),
        Role.COUNTY_EDU: lambda: county.county,
        Role.PARTY: lambda: party_user("150222"),
        Role.DEPARTMENT: lambda: department_user("固阳县文化旅游局", region_code="150222"),
        Role.SCHOOL_ADMIN: lambda: county.admin,
        Role.TEACHER: lambda: county.teacher,
        Role.SUPERVISOR: lambda: user_with_role(Role.SUPERVISOR, region_code="150200"),
        # 三员分立 (ADR 0009): their home and the pages of their duty.
        Role.SYSTEM_ADMIN: lambda: user_with_role(Role.SYSTEM_ADMIN),
        Role.SECURITY_ADMIN: lambda: user_with_role(Role.SECURITY_ADMIN),
        Role.AUDIT_ADMIN: lambda: user_with_role(Role.AUDIT_ADMIN),
        Role.PENDING: lambda: user_with_role(Role.PENDING),
    }[role]()


def test_given_anyone_when_the_public_pages_are_read_then_each_has_the_strict_policy_and_no_inline_script(
    client, county
):
    pages = [
        reverse("login"),
        reverse("reporting:new"),
        reverse("reporting:track"),
        reverse("whitelist:list"),
        reverse("whitelist:verify_form"),
        reverse("whitelist:verify", args=["ZZZZ9999"]),
    ]
    problems, statuses = [], {}
    for url in pages:
        response = client.get(url)
        statuses[url] = response.status_code
        problems += problems_of(url, response)[0]

    assert statuses == dict.fromkeys(pages, 200)
    assert problems == []


@pytest.mark.parametrize("role", Role.values)
def test_given_a_user_of_each_role_when_his_home_and_every_menu_page_are_read_then_none_breaks_the_policy(
    county, role
):
    client = Client(raise_request_exception=False)
    client.force_login(user_of(role, county))

    statuses, problems = crawl(client, reverse("home"))

    assert statuses[reverse("home")] == 200
    # The home page and at least three pages of the menu (the audit administrator's and a pending account's menus
    # are shorter: ADR 0009).
    assert len(statuses) >= (2 if role in (Role.AUDIT_ADMIN, Role.PENDING) else 4), statuses
    assert {link: status for link, status in statuses.items() if status >= 500} == {}
    assert problems == []


def test_the_checker_sees_an_inline_script_an_event_handler_and_a_javascript_url():
    """The control: the parser above would notice what it looks for."""
    parser = InlineScriptFinder()
    parser.feed(
        '<script type="application/json">{"a": 1}</script><script>alert(1)</script>'
        '<img src=x onerror="alert(1)"><a href=" javascript:alert(1)">x</a>'
    )

    assert parser.problems == [
        "<script> without src",
        "inline script body: alert(1)",
        "<img onerror=…>",
        "<a href= javascript:alert(1)>",
    ]
