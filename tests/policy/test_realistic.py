"""Realistic notices modelled on publicised teacher-burden cases (rv = violation, rp = legitimate look-alike).

realistic.jsonl is the tuning set; realistic_holdout.jsonl (every third line of the shuffled set) was never tuned
against: its remaining misses are marked xfail with the reason, not deleted. Score either file with
`.venv/bin/python -m tests.policy.evaluate tests/policy/data/realistic_holdout.jsonl`.
"""

import json
from pathlib import Path

import pytest

from jianfu.policy.engine import screen
from tests.policy.builders import task
from tests.policy.expectations import unmet

DATA = Path(__file__).parent / "data"

HOLDOUT_XFAIL = {
    "rp28": "M17.archive-materials reviews any mention of 课题, even the education bureau's own research-grant call",
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
        for e in _examples("realistic_holdout.jsonl")
    ]


@pytest.mark.parametrize("example", _examples("realistic.jsonl"), ids=lambda e: e["id"])
def test_realistic_tuning_set(example):
    _check(example)


@pytest.mark.parametrize("example", _holdout())
def test_realistic_holdout_set(example):
    _check(example)


def test_sets_are_large_balanced_and_disjoint():
    tuning, holdout = _examples("realistic.jsonl"), _examples("realistic_holdout.jsonl")
    ids = [e["id"] for e in tuning + holdout]
    assert len(ids) == len(set(ids)) >= 80
    legitimate = [i for i in ids if i.startswith("rp")]
    assert 0.3 <= len(legitimate) / len(ids) <= 0.45


def _verdict(title: str, description: str, *, edu: bool = False) -> str:
    return screen(task(title, description, edu=edu)).verdict


def test_title_is_read_with_the_sentence_after_it():
    # The title alone looks like an app quota; the description says it is the school's own homework tool.
    assert (
        _verdict("关于下载安装“包头教育”APP的通知", "请教师下载该APP用于家校沟通和作业布置。", edu=True)
        != "block"
    )
    assert _verdict("关于下载安装“蒙速办”APP的通知", "请全体教职工完成实名注册，注册率纳入考核。") == "block"


def test_title_gives_context_to_the_description():
    assert (
        _verdict(
            "关于使用国家中小学智慧教育平台开展寒假学习的通知", "请教师指导学生每天登录学习平台。", edu=True
        )
        != "block"
    )


def test_a_quoted_name_after_download_is_an_app():
    assert _verdict("关于推进一网通办的通知", "请各学校组织教职工下载“蒙速办”，完成实名注册。") == "block"


def test_platform_account_is_not_a_ledger():
    result = screen(task("注册研修平台", "请全体教师注册教师研修平台账号，参加网络研修。", edu=True))
    assert "M03.ledger-evidence" not in {f.rule for f in result.findings}


def test_burden_reduction_verbs_negate():
    assert _verdict("减负通知", "精简各类APP下载注册任务，清退强制关注公众号的要求。", edu=True) != "block"
