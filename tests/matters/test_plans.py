"""Annual plans (measure 1): opened by a bureau, filed by departments, published; out-of-plan inspections marked."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jianfu.matters.models import AnnualPlan
from jianfu.matters.services.plans import plan_entry_file, plan_open, plan_publish
from tests.matters.conftest import decide, inspection, later, submit


def _year():
    return dt.date.fromisoformat(later(60)).year


def test_a_bureau_opens_a_plan_departments_file_entries_and_the_bureau_publishes_it(town):
    plan = plan_open(actor=town.county_edu, year=_year())
    entry = plan_entry_file(actor=town.police, plan_id=plan.pk, title="校园周边治安检查", planned_month=5)

    plan = plan_publish(actor=town.county_edu, plan_id=plan.pk)

    assert (plan.status, list(plan.entries.all())) == (AnnualPlan.Status.PUBLISHED, [entry])
    with pytest.raises(ValidationError):
        plan_entry_file(actor=town.police, plan_id=plan.pk, title="迟报的检查", planned_month=6)


def test_only_a_bureau_opens_a_plan_and_only_once_a_year(town):
    with pytest.raises(PermissionDenied):
        plan_open(actor=town.police, year=_year())
    plan_open(actor=town.county_edu, year=_year())
    with pytest.raises(ValidationError):
        plan_open(actor=town.county_edu, year=_year())


def test_an_inspection_carrying_out_a_published_entry_is_in_the_plan(town):
    plan = plan_open(actor=town.county_edu, year=_year())
    entry = plan_entry_file(actor=town.police, plan_id=plan.pk, title="校园安全管理专项检查", planned_month=3)
    plan_publish(actor=town.county_edu, plan_id=plan.pk)

    matter = submit(town.police, inspection(town.school_a, plan_entry=entry.pk))

    assert (matter.out_of_plan, matter.plan_entry, matter.payload["in_annual_plan"]) == (False, entry, True)
    assert "M01.out-of-plan" not in [finding["rule"] for finding in matter.findings]


def test_an_inspection_outside_the_plan_is_marked_and_needs_special_approval(town):
    matter = submit(
        town.police, inspection(town.school_a, in_annual_plan=True)
    )  # a claim is not a plan entry

    assert (matter.out_of_plan, matter.payload["in_annual_plan"]) == (True, False)
    assert "M01.out-of-plan" in [finding["rule"] for finding in matter.findings]
    approved = decide(
        town.county_party, decide(town.county_edu, matter, reason="专项审批：开学安全检查"), reason="同意"
    )
    assert approved.out_of_plan is True


def test_an_entry_of_an_unpublished_plan_is_refused(town):
    from jianfu.policy.matter_input import MatterInputError

    plan = plan_open(actor=town.county_edu, year=_year())
    entry = plan_entry_file(actor=town.police, plan_id=plan.pk, title="检查", planned_month=3)

    with pytest.raises(MatterInputError) as refused:
        submit(town.police, inspection(town.school_a, plan_entry=entry.pk))

    assert refused.value.errors == [{"field": "plan_entry", "message": "不是本部门已公布年度计划中的条目"}]
