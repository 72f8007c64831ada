"""Every catalog rule: one Matter that fires it (exact id and severity) and a near miss that must not."""

import pytest

from jianfu.policy.catalog import default_catalog
from jianfu.policy.context import ScreeningContext
from jianfu.policy.engine import screen
from tests.policy.rule_cases import RULE_CASES

CATALOG = default_catalog()


def test_every_rule_has_a_firing_case_and_a_near_miss():
    assert {rule.id for rule in CATALOG.rules} == set(RULE_CASES)


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_rule_fires(rule_id):
    matter, context, _miss, _miss_context = RULE_CASES[rule_id]
    result = screen(matter, ScreeningContext(**context))
    fired = {finding.rule: finding for finding in result.findings}
    rule = CATALOG.by_id(rule_id)
    assert rule_id in fired, [f.rule for f in result.findings]
    assert fired[rule_id].severity == rule.severity
    assert fired[rule_id].measure == rule.measure
    assert fired[rule_id].quote == rule.quote
    assert fired[rule_id].message and "{" not in fired[rule_id].message


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_rule_near_miss(rule_id):
    _matter, _context, miss, miss_context = RULE_CASES[rule_id]
    result = screen(miss, ScreeningContext(**miss_context))
    assert rule_id not in {finding.rule for finding in result.findings}
