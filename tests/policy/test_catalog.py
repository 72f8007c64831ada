"""The catalog: every measure covered, quotes verbatim from the policy, ids unique and well-formed."""

import re
from pathlib import Path

import pytest

from jianfu.policy.catalog import (
    CATALOG_DIR,
    KINDS,
    RULE_ID,
    SEVERITIES,
    CatalogError,
    StructuredCondition,
    default_catalog,
    load_catalog,
    normalise_space,
)
from jianfu.policy.rules import CHECKS

CATALOG = default_catalog()
SHARED_POLICY = Path(__file__).resolve().parents[3] / "shared" / "policy" / "baotou-20-measures.txt"


def test_version_present():
    assert re.match(r"^baotou-2020\.\d+$", CATALOG.version)


def test_every_measure_has_a_rule():
    assert {rule.measure for rule in CATALOG.rules} >= set(range(1, 21))


def test_ids_unique_and_well_formed():
    ids = [rule.id for rule in CATALOG.rules]
    assert len(ids) == len(set(ids))
    for rule in CATALOG.rules:
        match = RULE_ID.match(rule.id)
        assert match and int(match.group(1)) == rule.measure
        assert rule.severity in SEVERITIES
        assert all(kind == "*" or kind in KINDS for kind in rule.kinds)
        assert rule.description and rule.message


def test_every_quote_is_in_the_policy_text():
    policy = normalise_space(CATALOG.policy_text)
    for rule in CATALOG.rules:
        assert normalise_space(rule.quote) in policy, rule.id


@pytest.mark.skipif(not SHARED_POLICY.exists(), reason="shared policy text not present")
def test_shipped_policy_text_is_the_shared_one():
    assert SHARED_POLICY.read_text(encoding="utf-8") == CATALOG.policy_text


def test_structured_checks_exist():
    for rule in CATALOG.rules:
        if isinstance(rule.condition, StructuredCondition):
            assert rule.condition.check in CHECKS


def test_another_city_catalog_loads_from_its_own_file(tmp_path):
    (tmp_path / "policy.txt").write_text("不得要求教师下载与教育教学无关的APP。", encoding="utf-8")
    (tmp_path / "other.toml").write_text(
        """
version = "other-2024.1"
policy_text = "policy.txt"
[[rules]]
id = "M01.app"
measure = 1
severity = "block"
kinds = ["*"]
quote = "不得要求教师下载与教育教学无关的APP。"
description = "下载APP"
message = "要求下载APP{object}"
condition = { type = "text", groups = [["下载"], ["APP"]], object_group = 1 }
""",
        encoding="utf-8",
    )
    from jianfu.policy.engine import screen
    from tests.policy.builders import task

    other = load_catalog(tmp_path / "other.toml")
    result = screen(task("请教师下载某某APP"), catalog=other)
    assert result.catalog_version == "other-2024.1"
    assert [(f.rule, f.severity) for f in result.findings] == [("M01.app", "block")]


@pytest.mark.parametrize(
    ("snippet", "error"),
    [
        ('id = "X1"', "must look like"),
        ('id = "M02.app"', "must look like"),
        ('severity = "fatal"', "severity"),
        ('kinds = ["party"]', "kinds"),
    ],
)
def test_malformed_catalogs_are_refused(tmp_path, snippet, error):
    text = (CATALOG_DIR / "baotou-2020.toml").read_text(encoding="utf-8")
    key = snippet.split(" = ")[0]
    first = re.compile(rf"^{key} = .*$", flags=re.M).search(text, text.index("[[rules]]"))
    (tmp_path / "bad.toml").write_text(
        text[: first.start()] + snippet + text[first.end() :], encoding="utf-8"
    )
    (tmp_path / "baotou-20-measures.txt").write_text(CATALOG.policy_text, encoding="utf-8")
    with pytest.raises(CatalogError, match=error):
        load_catalog(tmp_path / "bad.toml")
