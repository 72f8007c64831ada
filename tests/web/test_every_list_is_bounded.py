"""Every list page and API list endpoint is paginated and costs the same queries for 3 rows as for 30.

What counts as a list (the completeness test below enforces it, so that a new list cannot be added silently):

- a URL pattern whose view, or a function of the view's module that the view calls by name, pages with
  `jianfu.web.listing.paginate` or Django's `Paginator`; or whose URL name ends like a collection (`list`, a
  plural `s`, `_log`, `results`, `inbox`);
- an API GET operation whose 200 response is an array or a ninja paged response (`Paged…`).

Each such URL is in exactly one of: LIST_VIEWS (tested here), COVERED_ELSEWHERE (naming the test that bounds its
queries), or NOT_LISTS (with the reason it is not a list that grows with the data).
"""

import datetime as dt
import inspect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.paginator import Page
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.api.urls import api
from jianfu.archive.models import ArchiveAccessGrant, ArchiveEntry, EntryStatus, Section
from jianfu.audit import events
from jianfu.burden.models import LedgerEntry, WorkloadSetting
from jianfu.datahub.models import CollectedField, DataDelivery, FieldTask
from jianfu.oversight.models import Report
from jianfu.policy.models import ConfirmedCase
from jianfu.registry.models import Region
from tests.factories import (
    DepartmentFactory,
    SchoolFactory,
    TeacherFactory,
    approved_matter_of,
    bureau_user,
    region,
    report_with_case,
    user_with_role,
)

MAX_PAGE_SIZE = 50
FEW, MANY = 3, 30
DAY = dt.date(2030, 3, 10)
_numbers = itertools.count(1)


# --- who looks at a list -----------------------------------------------------------------------------------------


def city_bureau():
    return bureau_user("150200")


def county_bureau():
    return bureau_user("150222")


def school_admin():
    return user_with_role(Role.SCHOOL_ADMIN, school=SchoolFactory(region=region("150222")))


def teacher():
    return user_with_role(Role.TEACHER, school=SchoolFactory(region=region("150222")))


def nobody():
    return None


# --- what fills a list: add_rows(viewer, count) makes `count` more rows the viewer sees -----------------------


def regions(viewer, count: int) -> None:
    city = region("150200")
    Region.objects.bulk_create(
        Region(code=f"159{next(_numbers):03d}", name=f"测试旗{n}", level=Region.Level.COUNTY, parent=city,
               seat_name="测试镇", seat_lat=Decimal("41.0"), seat_lon=Decimal("110.0"))
        for n in range(count)
    )  # fmt: skip


def departments(viewer, count: int) -> None:
    DepartmentFactory.create_batch(count)


def teachers(viewer, count: int) -> None:
    TeacherFactory.create_batch(count, school=SchoolFactory(region=region("150222")))


def approved_matters(viewer, count: int) -> None:
    school = SchoolFactory(region=region("150222"))
    for _ in range(count):
        approved_matter_of(school, day=DAY, decided_at=timezone.now())


def matters_awaiting_the_county(viewer, count: int) -> None:
    school = SchoolFactory(region=region("150222"))
    for _ in range(count):
        approved_matter_of(
            school, day=DAY, state="bureau_review", route_region=viewer.region, submitted_at=timezone.now()
        )


def confirmed_cases(viewer, count: int) -> None:
    ConfirmedCase.objects.bulk_create(
        ConfirmedCase(measure=n % 20 + 1, title=f"违规案例{n}", organizer_name="某部门", confirmed_by=viewer)
        for n in range(count)
    )


def own_ledger_entries(viewer, count: int) -> None:
    recorder = user_with_role(Role.SCHOOL_ADMIN, school=viewer.school)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(teacher_id=viewer.teacher_id, school=viewer.school, category="meetings", hours=Decimal("1.5"),
                    date=DAY, recorded_by=recorder)
        for _ in range(count)
    )  # fmt: skip


def workload_settings(viewer, count: int) -> None:
    WorkloadSetting.objects.bulk_create(
        WorkloadSetting(year=2100 + next(_numbers), region=viewer.region) for _ in range(count)
    )


def collected_fields(viewer, count: int) -> None:
    matter = approved_matter_of(SchoolFactory(region=region("150222")), kind="data_request", day=DAY)
    for _ in range(count):
        number = next(_numbers)
        CollectedField.objects.create(label=f"采集字段{number}", key=f"field-{number}", first_request=matter)


def field_tasks(viewer, count: int) -> None:
    matter = approved_matter_of(viewer.school, kind="data_request", day=DAY)
    delivery = DataDelivery.objects.create(matter=matter, population="teachers", year=DAY.year)
    FieldTask.objects.bulk_create(
        FieldTask(delivery=delivery, teacher=teacher, school=viewer.school, status=status)
        for teacher, status in zip(
            TeacherFactory.create_batch(count, school=viewer.school),
            itertools.cycle([FieldTask.Status.OPEN, FieldTask.Status.DONE]),
            strict=False,
        )
    )


def reads_of_own_archive(viewer, count: int) -> None:
    reader = county_bureau()
    for _ in range(count):
        events.personal_data_viewed(actor=reader, obj=viewer.teacher)


def submitted_archive_entries(viewer, count: int) -> None:
    for teacher in TeacherFactory.create_batch(count, school=viewer.school):
        ArchiveEntry.objects.create(
            teacher=teacher, section=Section.HONOUR, title="优秀教师", issuer="包头市人民政府", date=DAY,
            status=EntryStatus.SUBMITTED, created_by=viewer,
        )  # fmt: skip


def archive_grants(viewer, count: int) -> None:
    department = DepartmentFactory()
    school = SchoolFactory(region=region("150222"))
    for _ in range(count):
        grant = ArchiveAccessGrant.objects.create(
            department=department, purpose="先进个人评选资格核对", region=viewer.region, granted_by=viewer,
            expires_at=timezone.now() + dt.timedelta(days=30),
        )  # fmt: skip
        grant.schools.set([school])


def oversight_cases(viewer, count: int) -> None:
    for _ in range(count):
        report_with_case(received_at=timezone.now(), region_code="150222")


def own_named_reports(viewer, count: int) -> None:
    for _ in range(count):
        report = report_with_case(received_at=timezone.now(), region_code="150222")
        Report.objects.filter(pk=report.pk).update(reporter=viewer, is_anonymous=False)


@dataclass(frozen=True)
class ListView:
    viewer: Callable
    add_rows: Callable
    params: tuple = ()


# URL name (pages) or API path -> who sees it and how to fill it.
LIST_VIEWS = {
    "registry:regions": ListView(city_bureau, regions),
    "matters:list": ListView(city_bureau, approved_matters),
    "matters:inbox": ListView(county_bureau, matters_awaiting_the_county),
    "whitelist:list": ListView(nobody, approved_matters),
    "policy:cases": ListView(city_bureau, confirmed_cases),
    "burden:mine": ListView(teacher, own_ledger_entries),
    "burden:thresholds": ListView(county_bureau, workload_settings),
    "datahub:fields": ListView(city_bureau, collected_fields),
    "datahub:tasks": ListView(school_admin, field_tasks),
    "archive:access_log": ListView(teacher, reads_of_own_archive),
    "archive:teachers": ListView(county_bureau, teachers),
    "archive:verify": ListView(school_admin, submitted_archive_entries),
    "archive:grants": ListView(city_bureau, archive_grants),
    "oversight:cases": ListView(county_bureau, oversight_cases, (("status", ""),)),
    "oversight:mine": ListView(teacher, own_named_reports),
    "/api/v1/regions": ListView(nobody, regions),
    "/api/v1/departments": ListView(city_bureau, departments),
    "/api/v1/teachers": ListView(city_bureau, teachers),
    "/api/v1/matters": ListView(city_bureau, approved_matters),
    "/api/v1/inbox": ListView(county_bureau, matters_awaiting_the_county),
    "/api/v1/whitelist": ListView(nobody, approved_matters),
}

_PAGES = "tests/web/test_query_counts.py::test_a_list_page_costs_the_same_queries_for_3_rows_as_for_45"
_PIPELINE = (
    "tests/web/test_query_counts.py::test_a_pipeline_list_page_costs_the_same_queries_for_3_rows_as_for_45"
)
_BURDEN = "tests/burden/test_list_query_counts.py::test_a_burden_list_page_costs_the_same_queries_for_3_rows_as_for_30"
_ACCOUNTS = (
    "tests/accounts/test_admin_pages.py::test_the_account_list_costs_the_same_queries_for_3_rows_as_for_45"
)

# Lists whose query count another test bounds (the test is named, and must exist).
COVERED_ELSEWHERE = {
    "accounts:users": _ACCOUNTS,
    "registry:departments": _PAGES,
    "registry:schools": _PAGES,
    "registry:teachers": _PAGES,
    "registry:students": _PAGES,
    "audit:events": _PAGES,
    "plans:list": _PIPELINE,
    "plans:detail": _PIPELINE,
    "matters:quotas": _PIPELINE,
    "matters:exam_weeks": _PIPELINE,
    "calendar:mine": _PIPELINE,
    "burden:entries": _BURDEN,
    "burden:disputes": _BURDEN,
    "burden:proctoring": _BURDEN,
    "burden:secondments": _BURDEN,
    "burden:trainings": _BURDEN,
    "burden:meetings": _BURDEN,
    "burden:school": "tests/web/test_query_counts.py::test_a_burden_list_page_costs_the_same_queries_for_3_rows_as_for_45",
    "burden:county": "tests/web/test_query_counts.py::test_a_burden_list_page_costs_the_same_queries_for_3_rows_as_for_45",
    "burden:dashboard": "tests/burden/test_panels.py::test_the_panels_cost_the_same_queries_for_2_and_20_schools_and_teachers",
    "burden:physical_exams": "tests/burden/test_wellbeing_pages.py::test_the_physical_exam_page_costs_the_same_queries_for_3_teachers_as_for_30",
    "parentschools:sessions": "tests/parentschools/test_sessions.py::test_the_parent_school_pages_cost_the_same_queries_for_3_rows_as_for_30",
    "oversight:indicators": "tests/oversight/supervision/test_indicator_pages.py::test_the_page_costs_the_same_queries_for_2_and_20_schools",
    "sharing:exports": "tests/sharing/test_pages.py::test_the_export_list_costs_the_same_queries_for_3_rows_as_for_30",
    "/api/v1/schools": "tests/api/test_registry_api.py::test_the_school_list_costs_the_same_queries_whatever_its_length",
}  # fmt: skip

# Looks like a list by the heuristic, but is not one that grows with the data.
NOT_LISTS = {
    "imports:job": "one import job's error report: pages a JSON column of one row, no query per error",
    "imports:job_status": "the JSON progress of one import job",
    "imports:job_errors": "the Excel download of one import job's error report",
    "burden:proctoring_hours": "a POST-only form recording one exam's hours",
    "parentschools:record": "a POST-only form; on an error it re-renders parentschools:sessions (covered)",
    "burden:wellbeing_results": "an aggregate board: one line per county or school group of ≥ MIN_GROUP answers",
}


# --- completeness: every list is classified -------------------------------------------------------------------

LIST_NAME = re.compile(r"(list|s|_log|results|inbox)$")
PAGES_ROWS = re.compile(r"\bpaginate\(|\bPaginator\(")


def _url_patterns(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def _pages_rows(view) -> bool:
    """The view, or a function of its module that it calls by name, pages with paginate() or Paginator()."""
    view = inspect.unwrap(view)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return False
    module = inspect.getmodule(view)
    helpers = [
        inspect.getsource(value)
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and re.search(rf"\b{name}\(", source)
    ]
    return any(PAGES_ROWS.search(text) for text in [source, *helpers])


def page_lists() -> set[str]:
    return {
        name
        for name, view in _url_patterns(get_resolver().url_patterns)
        if not name.startswith("api:") and (_pages_rows(view) or LIST_NAME.search(name.rsplit(":", 1)[-1]))
    }


def api_lists() -> set[str]:
    found = set()
    for path, operations in api.get_openapi_schema()["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") == "array" or schema.get("$ref", "").rsplit("/", 1)[-1].startswith("Paged"):
            found.add(path)
    return found


def test_every_list_page_and_api_list_is_tested_here_covered_elsewhere_or_explained(db):
    found = page_lists() | api_lists()

    classified = set(LIST_VIEWS) | set(COVERED_ELSEWHERE) | set(NOT_LISTS)

    assert found - classified == set()


def test_no_list_is_classified_twice_or_names_a_url_that_does_not_exist(db):
    known = {name for name, _ in _url_patterns(get_resolver().url_patterns)} | set(
        api.get_openapi_schema()["paths"]
    )
    tables = [set(LIST_VIEWS), set(COVERED_ELSEWHERE), set(NOT_LISTS)]

    overlaps = [a & b for a, b in itertools.combinations(tables, 2)]

    assert overlaps == [set(), set(), set()]
    assert set().union(*tables) - known == set()


@pytest.mark.parametrize("name", COVERED_ELSEWHERE)
def test_a_list_covered_elsewhere_names_a_test_that_exists(name):
    path, test = COVERED_ELSEWHERE[name].split("::")

    source = (Path(__file__).resolve().parents[2] / path).read_text()

    assert f"def {test}(" in source


# --- each list: the same queries for 3 rows as for 30, and a bounded page ------------------------------------


def _get(client, name: str, params: dict):
    url = name if name.startswith("/") else reverse(name)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("name", LIST_VIEWS)
def test_a_list_costs_the_same_queries_for_3_rows_as_for_30(client, db, name):
    view = LIST_VIEWS[name]
    viewer = view.viewer()
    if viewer is not None:
        client.force_login(viewer)
    params = dict(view.params)

    view.add_rows(viewer, FEW)
    _, few = _get(client, name, params)
    view.add_rows(viewer, MANY - FEW)
    _, many = _get(client, name, params)

    assert few == many


@pytest.mark.parametrize("name", [name for name in LIST_VIEWS if not name.startswith("/")])
def test_a_list_page_shows_at_most_50_rows_of_all_it_counts(client, db, name):
    view = LIST_VIEWS[name]
    viewer = view.viewer()
    if viewer is not None:
        client.force_login(viewer)
    view.add_rows(viewer, MANY)

    response, _ = _get(client, name, dict(view.params))

    page = response.context["page"]
    assert isinstance(page, Page)
    assert page.paginator.per_page <= MAX_PAGE_SIZE
    assert page.paginator.count >= MANY


@pytest.mark.parametrize("name", [name for name in LIST_VIEWS if name.startswith("/")])
def test_an_api_list_answers_one_page_of_at_most_50_whatever_page_size_is_asked(client, db, name):
    view = LIST_VIEWS[name]
    viewer = view.viewer()
    if viewer is not None:
        client.force_login(viewer)
    view.add_rows(viewer, MANY)

    response, _ = _get(client, name, {**dict(view.params), "page_size": 10_000})

    body = response.json()
    assert body["count"] >= MANY
    assert len(body["items"]) <= 100  # ninja's NINJA_MAX_PER_PAGE_SIZE caps what a client may ask for
    assert len(_get(client, name, dict(view.params))[0].json()["items"]) <= MAX_PAGE_SIZE
