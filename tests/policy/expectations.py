"""The expectation format of ../shared/samples/README.md, checked against a screening result."""

from typing import Any

from jianfu.policy.engine import ScreeningResult


def unmet(result: ScreeningResult, expect: dict[str, Any]) -> list[str]:
    """What the result fails of `expect` (empty when it all holds)."""
    problems = []
    measures = set(expect.get("measures", []))
    found = {finding.measure for finding in result.findings}
    blocking = {finding.measure for finding in result.findings if finding.severity == "block"}
    if expect.get("verdict") == "block":
        if result.verdict != "block":
            problems.append(f"verdict {result.verdict}, expected block")
        if measures - blocking:
            problems.append(f"no block finding for measures {sorted(measures - blocking)}")
    else:
        if expect.get("verdict") == "pass" and result.verdict != "pass":
            problems.append(f"verdict {result.verdict}, expected pass")
        if measures - found:
            problems.append(f"no finding for measures {sorted(measures - found)}")
    if expect.get("not_block") and result.verdict == "block":
        problems.append("blocked, expected not to be")
    return problems
