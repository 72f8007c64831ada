"""Annual plan pages (measure 1): a bureau opens and publishes, departments file, everyone reads the published
plan; whoever may not act gets 404 (or 403 for a role that never acts) and nothing changes."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.matters.models import AnnualPlan, PlanEntry
from jianfu.matters.services.plans import plan_entry_file, plan_open, plan_publish
from tests.factories import department_user, user_with_role
from tests.matters.conftest import decide, inspection, later, submit

YEAR = dt.date.fromisoformat(later(60)).year


def _snapshot():
    """Everything a plan request could change."""
    return (
        list(AnnualPlan.objects.order_by("pk").values_list("pk", "status", "published_at")),
        list(PlanEntry.objects.order_by("pk").values_list("pk", "plan_id", "title")),
        AuditEvent.objects.count(),
    )


def _open_plan(town, *, entries=()):
    plan = plan_open(actor=town.county_edu, year=YEAR)
    for title, month in entries:
        plan_entry_file(actor=town.police, plan_id=plan.pk, title=title, planned_month=month)
    return plan


def test_a_county_bureau_opens_the_years_plan_on_the_page(town, client):
    client.force_login(town.county_edu)

    response = client.post(reverse("plans:open"), {"year": YEAR, "window_closes_on": f"{YEAR - 1}-12-20"})

    plan = AnnualPlan.objects.get()
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert (plan.year, plan.region.code, plan.status, plan.window_closes_on, plan.opened_by) == (
        YEAR,
        "150222",
        "open",
        dt.date(YEAR - 1, 12, 20),
        town.county_edu,
    )
    event = AuditEvent.objects.get(action="annualplan.create")
    assert (event.actor, event.region_code, event.changes) == (
        town.county_edu,
        "150222",
        {"year": [None, YEAR], "region": [None, "150222"]},
    )


def test_opening_the_same_year_twice_says_so_and_creates_nothing(town, client):
    _open_plan(town)
    client.force_login(town.county_edu)
    before = _snapshot()

    response = client.post(reverse("plans:open"), {"year": YEAR}, follow=True)

    assert f"固阳县{YEAR}年度计划已开启" in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize(
    "role", [Role.DEPARTMENT, Role.PARTY, Role.SCHOOL_ADMIN, Role.TEACHER, Role.SUPERVISOR]
)
def test_only_a_bureau_opens_a_plan(town, client, role):
    client.force_login(user_with_role(role, region_code="150222"))
    before = _snapshot()

    response = client.post(reverse("plans:open"), {"year": YEAR})

    assert response.status_code == 403
    assert _snapshot() == before
    assert not AnnualPlan.objects.exists()


def test_a_department_files_an_entry_into_its_regions_open_plan(town, client):
    plan = _open_plan(town)
    client.force_login(town.police)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert 'data-testid="plan-entry-form"' in page
    assert 'data-autosave="plan-entry-' in page

    response = client.post(
        reverse("plans:file", args=[plan.pk]),
        {
            "title": "校园周边治安检查",
            "planned_month": "5",
            "description": "查看门卫值守",
            "comprehensive": "on",
        },
    )

    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    entry = PlanEntry.objects.get()
    assert (
        entry.plan,
        entry.department.name,
        entry.title,
        entry.planned_month,
        entry.description,
        entry.comprehensive,
        entry.filed_by,
    ) == (plan, "固阳县公安局", "校园周边治安检查", 5, "查看门卫值守", True, town.police)
    event = AuditEvent.objects.get(action="planentry.create")
    assert event.changes == {
        "plan": [None, plan.pk],
        "title": [None, "校园周边治安检查"],
        "month": [None, 5],
    }


def test_a_bad_entry_shows_the_field_errors_and_files_nothing(town, client):
    plan = _open_plan(town)
    client.force_login(town.police)
    before = _snapshot()

    response = client.post(reverse("plans:file", args=[plan.pk]), {"title": "", "planned_month": "13"})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="field-error"') == 2
    assert _snapshot() == before


def test_another_countys_department_cannot_see_or_file_into_the_open_plan(town, client):
    plan = _open_plan(town)
    other = department_user("昆都仑区公安分局", region_code="150203")
    client.force_login(other)
    before = _snapshot()

    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    response = client.post(reverse("plans:file", args=[plan.pk]), {"title": "越界报备", "planned_month": "5"})

    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("role", [Role.SCHOOL_ADMIN, Role.TEACHER, Role.PARTY, Role.SUPERVISOR])
def test_roles_that_do_not_file_are_refused_and_nothing_changes(town, client, role):
    plan = _open_plan(town)
    plan_publish(actor=town.county_edu, plan_id=plan.pk)  # published: visible to everyone
    client.force_login(user_with_role(role, region_code="150222"))
    before = _snapshot()

    response = client.post(reverse("plans:file", args=[plan.pk]), {"title": "越权报备", "planned_month": "5"})

    assert response.status_code == 403
    assert _snapshot() == before


def test_filing_into_a_published_plan_is_refused(town, client):
    plan = _open_plan(town)
    plan_publish(actor=town.county_edu, plan_id=plan.pk)
    client.force_login(town.police)
    before = _snapshot()

    response = client.post(
        reverse("plans:file", args=[plan.pk]), {"title": "迟报的检查", "planned_month": "6"}, follow=True
    )

    assert "该年度计划已公布，不再接受报备" in response.content.decode()
    assert _snapshot() == before


def test_the_bureau_publishes_the_plan_and_the_change_is_audited(town, client):
    plan = _open_plan(town, entries=[("校园周边治安检查", 5)])
    client.force_login(town.county_edu)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert 'data-testid="plan-publish"' in page
    assert "data-confirm=" in page

    response = client.post(reverse("plans:publish", args=[plan.pk]))

    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    plan.refresh_from_db()
    assert (plan.status, plan.published_by) == ("published", town.county_edu)
    event = AuditEvent.objects.get(action="annualplan.update")
    assert event.changes == {"status": ["open", "published"]}


@pytest.mark.parametrize("who", ["county_b_edu", "city_edu", "police", "county_party"])
def test_only_the_plans_own_bureau_publishes_it_others_get_404_and_nothing_changes(town, client, who):
    plan = _open_plan(town, entries=[("校园周边治安检查", 5)])
    client.force_login(getattr(town, who))
    before = _snapshot()

    response = client.post(reverse("plans:publish", args=[plan.pk]))

    assert response.status_code == 404
    assert _snapshot() == before


def test_the_published_plan_is_public_the_open_one_is_not(town, client):
    published = _open_plan(town, entries=[("校园周边治安检查", 5), ("食品安全检查", 3)])
    plan_publish(actor=town.county_edu, plan_id=published.pk)
    still_open = plan_open(actor=town.county_b_edu, year=YEAR)

    listing = client.get(reverse("plans:list")).content.decode()
    detail = client.get(reverse("plans:detail", args=[published.pk])).content.decode()

    assert f"固阳县{YEAR}年度督查检查计划" in listing
    assert f"昆都仑区{YEAR}年度督查检查计划" not in listing
    assert detail.index("食品安全检查") < detail.index("校园周边治安检查")  # by planned month
    assert 'data-testid="plan-publish"' not in detail
    assert 'data-testid="plan-entry-form"' not in detail
    assert client.get(reverse("plans:detail", args=[still_open.pk])).status_code == 404


def test_the_scope_of_plans_and_entries_per_role(town):
    plan_a = _open_plan(town, entries=[("校园周边治安检查", 5)])
    plan_b = plan_open(actor=town.county_b_edu, year=YEAR)
    published = plan_open(actor=town.city_edu, year=YEAR)
    plan_publish(actor=town.city_edu, plan_id=published.pk)

    def plans(user):
        return set(scope.readable(user, AnnualPlan).values_list("pk", flat=True))

    assert plans(AnonymousUser()) == {published.pk}
    assert plans(town.county_edu) == {plan_a.pk, published.pk}
    assert plans(town.city_edu) == {plan_a.pk, plan_b.pk, published.pk}
    assert plans(town.police) == {plan_a.pk, published.pk}
    assert plans(town.county_party) == {published.pk}
    assert set(scope.editable_by(town.city_edu, AnnualPlan).values_list("pk", flat=True)) == {published.pk}
    assert list(scope.readable(AnonymousUser(), PlanEntry)) == []
    assert scope.readable(town.police, PlanEntry).count() == 1


def test_out_of_plan_inspections_are_marked_wherever_they_appear(town, client):
    pending = submit(town.police, inspection(town.school_a, title="计划外的待审检查"))
    approved = submit(town.police, inspection(town.school_a, title="计划外的已批检查", starts_on=later(70)))
    decide(town.county_party, decide(town.county_edu, approved, reason="专项审批"), reason="同意")
    approved.refresh_from_db()
    client.force_login(town.county_edu)
    marker = "tag-out-of-plan"

    def row_of(url, title):
        page = client.get(url).content.decode()
        row = page[page.index(title) - 400 : page.index(title) + 1200]
        return row

    assert marker in row_of(reverse("matters:list"), "计划外的待审检查")
    assert marker in row_of(reverse("matters:inbox"), "计划外的待审检查")
    assert marker in client.get(reverse("matters:detail", args=[pending.pk])).content.decode()
    assert marker in row_of(reverse("whitelist:list"), "计划外的已批检查")
    assert (
        marker in client.get(reverse("whitelist:verify", args=[approved.verification_code])).content.decode()
    )
    assert client.get(f"/api/v1/matters/{pending.pk}").json()["out_of_plan"] is True


def test_the_menu_offers_the_plans_to_everyone(town, client):
    assert 'href="/plans/"' in client.get(reverse("whitelist:list")).content.decode()
    client.force_login(town.police)
    assert ">年度计划<" in client.get(reverse("home")).content.decode()
