"""SQL injection in search boxes and filters: every list page with a search box or filter parameters answers a
quoting attack, SQL comments, unicode and a NUL byte with 200 (or 400), never a 500; the tables are all still
there afterwards (a filter naming an unknown school or region may also answer 404, the API 422 for a wrong type); and a payload that would widen the query (' OR 1=1, % and _ wildcards) shows no row."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from jianfu.matters.models import Matter
from jianfu.oversight.models import Report
from jianfu.registry.models import Teacher
from tests.factories import oversight_report
from tests.matters.conftest import campus_activity, decide, submit

PAYLOADS = [
    "' OR 1=1 --",
    "%'; DROP TABLE registry_teacher; --",
    "1) UNION SELECT username, password FROM accounts_user --",
    "𠮷\u202e名\u200b",
    "a\x00b",  # PostgreSQL cannot store NUL: refused with 400 by web/middleware.py before any view
    "%",
]
PAYLOAD_IDS = ["or-1-1", "drop-table", "union", "unicode", "nul", "percent"]

# (who, url name, the parameters of its search box and filters)
LIST_PAGES = [
    ("anonymous", "whitelist:list", ["q", "school", "region", "kind", "from", "to"]),
    ("police", "matters:list", ["q", "state", "kind"]),
    ("county", "matters:list", ["q", "state", "kind"]),
    ("county", "registry:teachers", ["q", "school", "idh"]),
    ("county", "registry:schools", ["q", "region", "stage"]),
    ("county", "registry:students", ["q", "school"]),
    ("county", "oversight:cases", ["q", "status"]),
    ("county", "archive:teachers", ["q", "school"]),
    ("admin", "archive:verify", ["q"]),
    ("county", "archive:grants", ["state", "teacher"]),
    ("county", "policy:cases", ["q"]),
    ("county", "sharing:exports", ["q", "status"]),
    ("county", "burden:entries", ["q", "category"]),
    ("admin", "burden:disputes", ["q", "status"]),
    ("county", "burden:secondments", ["q", "status"]),
    ("county", "burden:trainings", ["q", "tier"]),
    ("county", "burden:meetings", ["q", "year"]),
    ("county", "datahub:fields", ["q", "population", "source"]),
    ("county", "parentschools:sessions", ["q", "region", "school", "year"]),
    ("supervisor", "audit:events", ["q", "category", "from", "to"]),
    ("supervisor", "oversight:indicators", ["region", "year", "from", "to"]),
    # The JSON API's lists (a parameter of the wrong type answers 422).
    ("anonymous", "/api/v1/whitelist", ["q", "school", "region", "kind"]),
    ("county", "/api/v1/matters", ["q", "state", "kind"]),
    ("county", "/api/v1/schools", ["q", "region", "stage"]),
    ("county", "/api/v1/teachers", ["q", "school"]),
]
LOOKUPS = {"school", "region", "teacher", "idh", "year", "from", "to"}


def _login(client, county, who):
    if who != "anonymous":
        client.force_login(getattr(county, who))


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_given_an_attack_in_every_search_and_filter_when_each_list_page_is_read_then_no_500_and_no_table_lost(
    county, payload
):
    client = Client(raise_request_exception=False)  # a failing page counts as its 500, and the sweep goes on
    tables = _tables()
    answers, plain = {}, {}
    for who, name, params in LIST_PAGES:
        _login(client, county, who)
        url = name if name.startswith("/") else reverse(name)
        plain[name] = client.get(url).status_code
        # Free text and choices together; each parameter naming a row or a date alone (it may answer 404).
        groups = [[p for p in params if p not in LOOKUPS], *[[p] for p in params if p in LOOKUPS]]
        for group in filter(None, groups):
            response = client.get(url, dict.fromkeys(group, payload))
            answers[(name, ",".join(group))] = response.status_code

    assert {name: status for name, status in plain.items() if status != 200} == {}
    assert {key: status for key, status in answers.items() if status not in (200, 400, 404, 422)} == {}
    assert _tables() == tables
    assert Teacher.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "county"])
@pytest.mark.parametrize("payload", ["' OR 1=1 --", "%' OR '1'='1", "%", "_"], ids=str)
def test_given_an_approved_matter_when_its_list_is_searched_with_a_widening_payload_then_it_is_not_shown(
    client, county, who, payload
):
    matter = decide(
        county.county, submit(county.police, campus_activity(county.school, title="交通安全宣讲"))
    )
    assert matter.state == "approved"
    url = reverse("whitelist:list" if who == "anonymous" else "matters:list")
    _login(client, county, who)

    found = client.get(url, {"q": "交通安全"})
    attacked = client.get(url, {"q": payload})

    assert found.status_code == 200 and "交通安全宣讲" in found.content.decode()
    assert attacked.status_code in (200, 400)
    assert "交通安全宣讲" not in attacked.content.decode()
    assert Matter.objects.count() == 1


@pytest.mark.parametrize("payload", ["' OR 1=1 --", "%", "_"], ids=str)
def test_given_a_teacher_when_the_registry_is_searched_with_a_widening_payload_then_no_teacher_is_listed(
    client, county, payload
):
    client.force_login(county.county)

    found = client.get(reverse("registry:teachers"), {"q": "张老师"})
    attacked = client.get(reverse("registry:teachers"), {"q": payload})

    assert "张老师" in found.content.decode()
    assert attacked.status_code == 200
    assert "张老师" not in attacked.content.decode()


@pytest.mark.parametrize("payload", ["' OR 1=1 --", "%", "_"], ids=str)
def test_given_a_case_when_the_case_list_is_searched_with_a_widening_payload_then_it_is_not_listed(
    client, county, payload
):
    oversight_report(title="要求教师网络投票", school="固阳县金山小学")
    client.force_login(county.county)

    found = client.get(reverse("oversight:cases"), {"q": "网络投票"})
    attacked = client.get(reverse("oversight:cases"), {"q": payload})

    assert "要求教师网络投票" in found.content.decode()
    assert attacked.status_code == 200
    assert "要求教师网络投票" not in attacked.content.decode()
    assert Report.objects.count() == 1
