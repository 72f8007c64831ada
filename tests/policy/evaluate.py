"""Score the screening engine against a jsonl file of expectations (../shared/samples/README.md format).

    .venv/bin/python -m tests.policy.evaluate tests/policy/data/realistic.jsonl [more.jsonl ...]

Prints, per file, the expectations met, block recall (violations expected to block that do block) and the
false-block rate on legitimate look-alikes (lines expecting `pass` or `not_block`), then each miss with its findings.
"""

import json
import sys
from pathlib import Path

import django

if __name__ == "__main__":  # pragma: no cover - CLI only
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianfu.config.settings")
    django.setup()

from jianfu.policy.engine import screen
from tests.policy.expectations import unmet


def evaluate(path: Path, *, verbose: bool = True) -> dict[str, int]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    met = should_block = blocked = legit = false_block = 0
    misses = []
    for example in lines:
        expect = example["expect"]
        result = screen(example["matter"])
        problems = unmet(result, expect)
        met += not problems
        if expect.get("verdict") == "block":
            should_block += 1
            blocked += result.verdict == "block"
        if expect.get("verdict") == "pass" or expect.get("not_block"):
            legit += 1
            false_block += result.verdict == "block"
        if problems:
            findings = [(f.rule, f.severity) for f in result.findings]
            misses.append(
                f"  {example['id']} {example['matter']['title']}: {'; '.join(problems)} | {findings}"
            )
    if verbose:
        print(f"{path.name}: {met}/{len(lines)} expectations met")
        print(f"  block recall {blocked}/{should_block}; false blocks on legitimate {false_block}/{legit}")
        print("\n".join(misses))
    return {
        "total": len(lines),
        "met": met,
        "should_block": should_block,
        "blocked": blocked,
        "legit": legit,
        "false_block": false_block,
    }


if __name__ == "__main__":  # pragma: no cover
    for arg in sys.argv[1:]:
        evaluate(Path(arg))
