"""The shared sample file, its copy shipped with the tests, and our own realistic notices all screen right."""

import json
from pathlib import Path

import pytest

from jianfu.policy.engine import screen
from tests.policy.expectations import unmet

DATA = Path(__file__).parent / "data"
SHARED_SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "screening-examples.jsonl"


def _examples(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _check(example: dict) -> None:
    result = screen(example["matter"])
    problems = unmet(result, example["expect"])
    assert not problems, (example["id"], problems, [(f.rule, f.severity) for f in result.findings])


@pytest.mark.skipif(not SHARED_SAMPLES.exists(), reason=f"shared sample file not found at {SHARED_SAMPLES}")
def test_shared_samples_file():
    examples = _examples(SHARED_SAMPLES)
    assert examples
    for example in examples:
        _check(example)


@pytest.mark.parametrize("example", _examples(DATA / "screening-examples.jsonl"), ids=lambda e: e["id"])
def test_sample_copy(example):
    _check(example)


@pytest.mark.parametrize("example", _examples(DATA / "notices.jsonl"), ids=lambda e: e["id"])
def test_realistic_notices(example):
    """Violations and legitimate look-alikes written like real notices (n = violation, p = legitimate)."""
    _check(example)


def test_copy_matches_shared_file_when_present():
    if not SHARED_SAMPLES.exists():
        pytest.skip("shared sample file not present")
    assert _examples(SHARED_SAMPLES) == _examples(DATA / "screening-examples.jsonl")
