"""Timing rules: the minimum interval after assignment, announcing inspections ahead, exam weeks."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jianfu.matters.models import ExamWeek, Matter, QuotaSetting, State
from tests.factories import region
from tests.matters.conftest import decide, inspection, later, submit


def _rules(matter):
    return {finding["rule"]: finding for finding in matter.findings}


def test_an_inspection_within_30_days_of_the_assignment_needs_justification(town):
    matter = submit(town.police, inspection(town.school_a, work_assigned_on=later(40), starts_on=later(60)))

    finding = _rules(matter)["M03.min-interval"]
    assert (finding["measure"], finding["severity"]) == (3, "review")
    assert finding["quote"] == "不得工作刚安排就开展督查检查评比考核。"
    with pytest.raises(ValidationError):
        decide(town.county_edu, matter, reason="")


def test_an_inspection_30_days_after_the_assignment_passes_the_interval_rule(town):
    matter = submit(town.police, inspection(town.school_a, work_assigned_on=later(30), starts_on=later(60)))

    assert "M03.min-interval" not in _rules(matter)


def test_the_minimum_interval_is_configurable_per_year_and_region(town):
    year = dt.date.fromisoformat(later(60)).year
    QuotaSetting.objects.create(year=year, region=region("150222"), min_interval_days=10)

    matter = submit(town.police, inspection(town.school_a, work_assigned_on=later(45), starts_on=later(60)))

    assert "M03.min-interval" not in _rules(matter)


def test_inspection_content_is_announced_at_least_a_month_ahead(town):
    matter = submit(town.police, inspection(town.school_a, work_assigned_on=later(-60), starts_on=later(20)))

    finding = _rules(matter)["M03.announce-ahead"]
    assert (finding["severity"], finding["measure"]) == ("block", 3)
    assert finding["message"].startswith("督查检查内容应至少提前1个月公布")
    assert matter.verdict == "block"
    with pytest.raises(ValidationError):
        decide(town.county_edu, matter, reason="紧急")


def test_an_inspection_approved_too_late_to_be_announced_a_month_ahead_is_refused(town, monkeypatch):
    matter = submit(town.police, inspection(town.school_a, starts_on=later(35)))
    decide(town.county_edu, matter, reason="需要")
    in_ten_days = timezone.localdate() + dt.timedelta(days=10)
    monkeypatch.setattr(timezone, "localdate", lambda *args: in_ten_days)

    with pytest.raises(ValidationError) as refused:
        decide(town.county_party, matter, reason="同意")

    assert list(refused.value.message_dict) == ["screening"]
    assert Matter.objects.get(pk=matter.pk).state == State.PARTY_REVIEW


def test_no_inspection_in_a_schools_exam_week(town):
    start = dt.date.fromisoformat(later(60))
    ExamWeek.objects.create(
        school=town.school_a,
        title="期末考试周",
        starts_on=start - dt.timedelta(days=2),
        ends_on=start + dt.timedelta(days=4),
    )

    matter = submit(town.police, inspection(town.school_a, starts_on=start.isoformat()))

    finding = _rules(matter)["M03.exam-week"]
    assert finding["severity"] == "block"
    assert "固阳县第一小学的期末考试周" in finding["message"]


def test_another_schools_exam_week_does_not_matter(town):
    start = dt.date.fromisoformat(later(60))
    ExamWeek.objects.create(school=town.school_a2, starts_on=start, ends_on=start + dt.timedelta(days=4))

    matter = submit(town.police, inspection(town.school_a, starts_on=start.isoformat()))

    assert "M03.exam-week" not in _rules(matter)
