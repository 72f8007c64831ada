"""Locust file of the mixed load (issue 9): public verification, teacher home, submit, approve, dashboards.

Run through the harness (`bench/run.py --only load`, which prepares the database and starts gunicorn), or by hand:
  JIANFU_LOAD_CONFIG=var/bench/load-config.json .venv/bin/locust -f bench/load_mix.py --headless \
      -u 200 -r 50 -t 60s --host http://127.0.0.1:8000 --csv var/bench/load
The config file (written by bench/load.py) names the accounts, their password, the verification codes of approved
Matters and the schools a submission concerns. Each kind of visitor is its own User class, weighted by how many of
them a city has at once: mostly the public checking codes, then teachers, bureau leaders on the dashboards, and a
few departments submitting Matters and a county bureau approving them. Each user waits 2-6 s between tasks
(THINK_SECONDS): faster than people read pages, so 200 users offer about 50 requests a second, a city's peak.
Locust patches the standard library with gevent: never import this file from the harness or the tests.
"""

import collections
import datetime as dt
import itertools
import json
import os
import random
import re

from gevent.lock import Semaphore
from locust import HttpUser, between, task

CONFIG = json.loads(open(os.environ["JIANFU_LOAD_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Matters a submitter created and no approver has taken yet (one locust process: a plain deque is shared).
SUBMITTED: collections.deque[int] = collections.deque()
_numbers = itertools.count(1)
THINK_SECONDS = (2, 6)
_sessions: dict[str, dict[str, str]] = {}
_login_locks: dict[str, Semaphore] = collections.defaultdict(Semaphore)


def _token(html: str) -> str:
    found = TOKEN.search(html)
    return found.group(1) if found else ""


def _get(user: HttpUser, path: str, name: str):
    """GET a page that must answer itself: a redirect (to the login, to a forced password change) is a failure."""
    with user.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"{path} answered {response.status_code} {response.headers.get('Location', '')}")
        return response


class _LoggedIn(HttpUser):
    """A user of a shared account: the first one logs in through the form, the rest reuse its session cookies,
    as many browsers of one office would (200 argon2 logins at once would measure hashing, not the pages)."""

    abstract = True
    account = ""
    wait_time = between(*THINK_SECONDS)

    def on_start(self) -> None:
        username = CONFIG["accounts"][self.account]
        with _login_locks[username]:
            if username not in _sessions:
                page = _get(self, "/accounts/login/", "login (form)")
                form = {
                    "csrfmiddlewaretoken": _token(page.text),
                    "username": username,
                    "password": CONFIG["password"],
                }
                with self.client.post(
                    "/accounts/login/",
                    data=form,
                    name="login (post)",
                    allow_redirects=False,
                    catch_response=True,
                ) as response:
                    if "sessionid" not in self.client.cookies or response.headers.get("Location") != "/":
                        response.failure(f"login as {username} failed: {response.headers.get('Location')}")
                        return
                _sessions[username] = dict(self.client.cookies)
        self.client.cookies.update(_sessions[username])


class Visitor(HttpUser):
    """A parent or teacher checking the code an inspector showed them (public, no login)."""

    weight = 50
    wait_time = between(*THINK_SECONDS)

    @task
    def verify(self) -> None:
        _get(self, f"/verify/{random.choice(CONFIG['codes'])}", "verify")  # noqa: S311


class Teacher(_LoggedIn):
    weight = 25
    account = "teacher"

    @task
    def home(self) -> None:
        _get(self, "/", "teacher home")


class Leader(_LoggedIn):
    """Bureau staff reading the burden dashboards: the city's and one county's."""

    abstract = True
    weight = 5


class CityLeader(Leader):
    account = "city"

    @task
    def dashboard(self) -> None:
        _get(self, "/burden/workload/city/", "dashboard city")


class CountyLeader(Leader):
    account = "county"

    @task
    def dashboard(self) -> None:
        _get(self, "/burden/workload/county/", "dashboard county")


class Submitter(_LoggedIn):
    """A county department announcing a task to its county's schools through the Matter form."""

    weight = 8
    account = "submitter"

    @task
    def submit(self) -> None:
        form = _get(self, "/matters/new/?kind=task", "submit (form)")
        number = next(_numbers)
        day = dt.date.fromisoformat(CONFIG["starts_on"])
        data = {
            "csrfmiddlewaretoken": _token(form.text),
            "kind": "task",
            "title": f"校园消防设施专项排查工作安排（第{number}批）",
            "description": "请学校安排后勤人员对照清单核查消防器材，现场查看，不需要另行提交书面材料。",
            "schools": random.sample(CONFIG["schools"], k=min(2, len(CONFIG["schools"]))),
            "targets.teachers": "on",
            "starts_on": day.isoformat(),
            "ends_on": (day + dt.timedelta(days=2)).isoformat(),
            "intent": "submit",
        }
        with self.client.post(
            "/matters/new/", data=data, name="submit (post)", allow_redirects=False, catch_response=True
        ) as response:
            found = re.fullmatch(r"/matters/(\d+)/", response.headers.get("Location", ""))
            if response.status_code != 302 or found is None:
                response.failure(f"submission not accepted: {response.status_code}")
                return
            SUBMITTED.append(int(found.group(1)))


class Approver(_LoggedIn):
    """The county bureau approving the Matters submitted to it, each from its detail page."""

    weight = 7
    account = "approver"

    @task
    def approve(self) -> None:
        if not SUBMITTED:
            _get(self, "/matters/inbox/", "approve (inbox)")
            return
        matter_id = SUBMITTED.popleft()
        detail = _get(self, f"/matters/{matter_id}/", "approve (detail)")
        data = {
            "csrfmiddlewaretoken": _token(detail.text),
            "action": "approve",
            "reason": "已核实，不增加学校负担",
        }
        with self.client.post(
            f"/matters/{matter_id}/decide/",
            data=data,
            name="approve (post)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/matters/inbox/":
                response.failure(f"approval of {matter_id} refused: {response.headers.get('Location')}")
