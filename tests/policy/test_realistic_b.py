"""A second, independent author's notices (bv = violation or review case, bp = legitimate look-alike).

Written before reading the catalog's term lists, in registers the first set lacks: WeChat group relays, several
demands in one text, a demand in the third sentence, coercion in its own sentence, notices that forbid or
correct a practice. realistic_b.jsonl is the tuning set; realistic_b_holdout.jsonl (every third line of the
shuffled set) was never tuned against: its remaining misses are xfail with the reason, not deleted. Score with
`.venv/bin/python -m tests.policy.evaluate tests/policy/data/realistic_b_holdout.jsonl`.
"""

import json
from pathlib import Path

import pytest

from jianfu.policy.engine import screen
from tests.policy.builders import task
from tests.policy.expectations import unmet

DATA = Path(__file__).parent / "data"

HOLDOUT_XFAIL = {
    "bv56": "M07.stability-duty blocks a one-year secondment to the 信访局 for 接访; measure 7 arguably covers it "
    "(维护稳定 at a place unrelated to teaching), the conservative expectation only says not_block",
    "bp16": "a corrective notice reporting what was found (“经查，个别苏木镇仍安排教师包村扶贫…”) reads as the "
    "demand itself: no negation for a reported practice",
}


def _examples(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _check(example: dict) -> None:
    result = screen(example["matter"])
    problems = unmet(result, example["expect"])
    assert not problems, (example["id"], problems, [(f.rule, f.severity) for f in result.findings])


def _holdout() -> list:
    return [
        pytest.param(e, id=e["id"], marks=pytest.mark.xfail(reason=HOLDOUT_XFAIL[e["id"]], strict=True))
        if e["id"] in HOLDOUT_XFAIL
        else pytest.param(e, id=e["id"])
        for e in _examples("realistic_b_holdout.jsonl")
    ]


@pytest.mark.parametrize("example", _examples("realistic_b.jsonl"), ids=lambda e: e["id"])
def test_realistic_b_tuning_set(example):
    _check(example)


@pytest.mark.parametrize("example", _holdout())
def test_realistic_b_holdout_set(example):
    _check(example)


def test_sets_are_large_balanced_and_disjoint_from_the_first_author():
    tuning, holdout = _examples("realistic_b.jsonl"), _examples("realistic_b_holdout.jsonl")
    ids = [e["id"] for e in tuning + holdout]
    assert len(ids) == len(set(ids)) >= 70
    assert all(i.startswith(("bv", "bp")) for i in ids)
    legitimate = [i for i in ids if i.startswith("bp")]
    assert 0.3 <= len(legitimate) / len(ids) <= 0.45
    first = {e["id"] for name in ("realistic.jsonl", "realistic_holdout.jsonl") for e in _examples(name)}
    assert not first & set(ids)


def _verdict(title: str, description: str, *, edu: bool = False) -> str:
    return screen(task(title, description, edu=edu)).verdict


def test_object_ending_in_a_topic_suffix_is_still_a_demand():
    # "劝导不文明行为": "行为" ends the object, it does not make the demand a topic under discussion.
    assert (
        _verdict("创城路段包保", "区创城办通知，每校派4名老师到包保路段捡拾垃圾、劝导不文明行为。") == "block"
    )
    assert _verdict("整治通知", "严肃整治安排教师上街劝导的行为。", edu=True) != "block"


def test_blanket_ban_after_a_topicalised_object_negates():
    assert (
        _verdict("减负提醒", "今后非教育部门的投票、点赞、转发任务一律不再转发到教师群。", edu=True)
        != "block"
    )
    # ... but a demand that "一律不得" intensifies stays a demand.
    assert _verdict("投票", "请全体教师为景区网络评选投票，一律不得缺席。") == "block"


def test_a_later_clause_naming_the_practice_negates():
    assert (
        _verdict("关于严禁摊派投票的通知", "一些部门要求教师为评选投票点赞，此类做法一律停止。", edu=True)
        != "block"
    )


def test_a_word_across_a_word_boundary_is_no_match():
    # "包头一中考场" is 一中/考场, not 中考: the social-exam proctoring is still read.
    result = screen(task("资格考试监考", "职业资格考试借用包头一中考场，需抽调监考教师40名。"))
    assert "M08.text-proctors" in {f.rule for f in result.findings}
    # "改进学校工作" is 改进/学校, not 进学校.
    result = screen(task("家长问卷", "问卷结果用于改进学校近视防控教育。", edu=True))
    assert "M04.text-campus-entry" not in {f.rule for f in result.findings}


def test_clearing_litter_is_a_chore_not_a_negation():
    assert _verdict("国卫复审", "国卫复审期间，各校教师分包周边街巷，每天清理小广告和卫生死角。") == "block"
    assert _verdict("减负", "清理规范各类APP下载任务。", edu=True) != "block"
