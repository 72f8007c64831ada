"""Two app servers (separate gunicorn processes) on one PostgreSQL database and one Redis: what a user does through
one of them, the other sees at once (issue 9, production shape).

Both servers run in demo mode with a shared non-demo secret key: production mode's collected, compressed static
files take about 90 s to build on this machine; test_settings.py proves production mode's own checks.
"""

import datetime as dt
import http.client
import http.cookies
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from jianfu.matters.models import Matter, State
from tests.factories import SchoolFactory, bureau_user, department_user, region

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/4"  # the tests' own Redis database
PASSWORD = "two-servers-pass-2026"
SECRET_KEY = "two-servers-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
TRACKING_LIMIT = 2
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="two processes share a database server: PostgreSQL only (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


@dataclass
class Response:
    status: int
    location: str
    text: str


class Browser:
    """One browser: its own cookies, sent to whichever app server it talks to (as behind a load balancer)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> Response:
        headers = {"Host": f"127.0.0.1:{port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Response(response.status, response.headers.get("Location", ""), text)
        finally:
            conn.close()

    def post_json(self, port: int, path: str, data: dict) -> dict:
        """A JSON request of the page's script, with the CSRF header it sends."""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {
            "Host": f"127.0.0.1:{port}",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            "X-CSRFToken": self.cookies["csrftoken"],
            "Content-Type": "application/json",
        }
        try:
            conn.request("POST", path, body=json.dumps(data).encode(), headers=headers)
            response = conn.getresponse()
            assert response.status == 200, response.read().decode()
            return json.loads(response.read())
        finally:
            conn.close()

    def get(self, port: int, path: str) -> Response:
        return self.request(port, "GET", path)

    def post_form(self, port: int, page: str, path: str, form: dict) -> Response:
        """Open `page` for its CSRF token, as the browser would, then post the form to `path`."""
        token = TOKEN.search(self.get(port, page).text).group(1)
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": token, **form})

    def log_in(self, port: int, username: str) -> Response:
        return self.post_form(
            port, "/accounts/login/", "/accounts/login/", {"username": username, "password": PASSWORD}
        )


@dataclass
class Servers:
    a: int
    b: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """The test database that pytest-django created, as a URL for the child processes."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_ready(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn on {port} exited:\n{log.read_text()}")
        try:
            if Browser().get(port, "/healthz").status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn on {port} did not answer within 60 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """Two gunicorn processes (one worker each) on the test database and Redis database 4."""
    tmp = tmp_path_factory.mktemp("two-servers")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIANFU_", "DJANGO_", "DATABASE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jianfu.config.settings",
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",  # no idle connection may keep pytest-django from dropping the database
            "JIANFU_CACHE_URL": REDIS_URL,
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "JIANFU_TRACKING_RATE_LIMIT": str(TRACKING_LIMIT),
            # One counting window for the whole run, so that the test never straddles two windows.
            "JIANFU_REPORT_RATE_WINDOW_MINUTES": "1000000",
            "JIANFU_VAR_DIR": str(tmp),
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    ports, processes = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = tmp / f"gunicorn-{name}.log"
            command = [sys.executable, "-m", "gunicorn", "jianfu.config.wsgi", "--workers", "1"]
            command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
            with log.open("w") as handle:
                processes.append(
                    subprocess.Popen(command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
                )
            ports.append(port)
            _wait_ready(port, processes[-1], log)
        yield Servers(*ports)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.fixture
def tracking_counters():
    """The tracking rate-limit counters in Redis, none before the test and none left after it. Only these keys:
    a flush would also wipe the sessions of a test running at the same time in another xdist worker."""
    client = redis.Redis.from_url(REDIS_URL)
    pattern = "*oversight:rate:track:*"
    client.delete(*client.keys(pattern) or ["-"])
    yield lambda: {key: client.get(key) for key in client.keys(pattern)}
    client.delete(*client.keys(pattern) or ["-"])
    client.close()


def _task(school, title: str) -> dict:
    """The Matter form's fields for a task a department sets the county's schools, 45 days ahead."""
    starts = dt.date.today() + dt.timedelta(days=45)
    return {
        "kind": "task",
        "title": title,
        "description": "请学校安排后勤人员对照清单核查消防器材，现场查看，不需要另行提交书面材料。",
        "schools": [school.code],
        "targets.teachers": "on",
        "starts_on": starts.isoformat(),
        "ends_on": (starts + dt.timedelta(days=2)).isoformat(),
        "intent": "submit",
    }


def _account_name(page: str) -> str:
    return re.search(r'data-testid="account-name">([^<]+)<', page).group(1)


def test_a_login_on_one_app_server_is_recognised_by_the_other(servers):
    department_user("固阳县公安局", username="police-two", password=PASSWORD, display_name="王警官")
    browser = Browser()

    assert browser.log_in(servers.a, "police-two").location == "/"
    home = browser.get(servers.b, "/")

    assert home.status == 200
    assert _account_name(home.text) == "王警官"


def test_a_logout_on_one_app_server_ends_the_session_on_the_other(servers):
    department_user("固阳县公安局", username="police-two", password=PASSWORD)
    browser = Browser()
    browser.log_in(servers.a, "police-two")
    assert browser.get(servers.b, "/").status == 200

    assert browser.post_form(servers.a, "/", "/accounts/logout/", {}).status == 302
    after = browser.get(servers.b, "/")

    assert (after.status, after.location) == (302, "/accounts/login/")


def test_a_matter_approved_through_one_app_server_is_published_on_the_other(servers):
    school = SchoolFactory(region=region("150222"), name="固阳县金山学校")
    department_user("固阳县公安局", username="police-two", password=PASSWORD)
    bureau_user("150222", username="bureau-two", password=PASSWORD)
    visitor, submitter, approver = Browser(), Browser(), Browser()
    title = "校园消防设施专项排查工作安排"
    assert title not in visitor.get(servers.b, "/whitelist/").text

    submitter.log_in(servers.a, "police-two")
    submitted = submitter.post_form(
        servers.a, "/matters/new/?kind=task", "/matters/new/", _task(school, title)
    )
    matter = Matter.objects.get()
    assert submitted.location == f"/matters/{matter.pk}/"
    approver.log_in(servers.a, "bureau-two")
    decided = approver.post_form(
        servers.a,
        f"/matters/{matter.pk}/",
        f"/matters/{matter.pk}/decide/",
        {"action": "approve", "reason": "已核实，不增加学校负担"},
    )
    assert decided.location == "/matters/inbox/"
    matter.refresh_from_db()

    verified = visitor.get(servers.b, f"/verify/{matter.verification_code}")
    whitelist = visitor.get(servers.b, "/whitelist/")

    assert matter.state == State.APPROVED
    assert verified.status == 200
    assert title in verified.text
    assert whitelist.text.count(title) == 1


def test_a_matter_submitted_through_one_app_server_is_found_similar_by_the_screening_of_the_other(servers):
    school = SchoolFactory(region=region("150222"), name="固阳县金山学校")
    department_user("固阳县公安局", username="police-two", password=PASSWORD)
    on_a, on_b = Browser(), Browser()
    on_a.log_in(servers.a, "police-two")
    on_b.log_in(servers.b, "police-two")
    title = "校园消防设施专项排查工作安排"
    form = _task(school, title)
    preview = {
        **{key: form[key] for key in ("kind", "title", "description", "schools", "starts_on", "ends_on")},
        "targets": {"teachers": True, "students": False, "parents": False},
    }
    # B screens first, so its similarity index is built before A's submission and must catch up with it.
    assert on_b.post_json(servers.b, "/matters/screen-preview", preview)["similar"] == []

    on_a.post_form(servers.a, "/matters/new/?kind=task", "/matters/new/", form)
    matter = Matter.objects.get()
    similar = on_b.post_json(servers.b, "/matters/screen-preview", preview)["similar"]

    assert [(str(match["id"]), match["title"]) for match in similar] == [(str(matter.pk), title)]


def test_the_tracking_rate_limit_counts_requests_through_both_app_servers(servers, tracking_counters):
    browser = Browser()
    statuses = [
        browser.post_form(port, "/report/track/", "/report/track/", {"code": "ABCDEFGHJKMNPQRSTUVW"}).status
        for port in (servers.a, servers.a, servers.b)
    ]

    assert statuses == [200, 200, 429]
    assert list(tracking_counters().values()) == [b"3"]
