"""screen(matter) -> result: every catalog rule for the Matter's kind, the case library, similar Matters.

Plain Python, no HTTP and no database: callers pass the indexes and counts they have in a ScreeningContext.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from jianfu.policy.catalog import SEVERITY_RANK, Catalog, Rule, TextCondition, default_catalog
from jianfu.policy.context import ScreeningContext
from jianfu.policy.matter_input import MatterBase, parse_matter
from jianfu.policy.rules import CHECKS
from jianfu.policy.text import AnalysedText, Hit, match_text

_DEFAULT_CONTEXT = ScreeningContext()


@dataclass(frozen=True)
class Finding:
    rule: str
    measure: int
    severity: str
    message: str
    quote: str
    evidence: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "measure": self.measure,
            "severity": self.severity,
            "message": self.message,
            "quote": self.quote,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class ScreeningResult:
    verdict: str
    catalog_version: str
    findings: tuple[Finding, ...]
    similar: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "catalog_version": self.catalog_version,
            "findings": [finding.as_dict() for finding in self.findings],
            "similar": list(self.similar),
        }


def verdict_of(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """block if any block finding, else review if any review finding, else pass."""
    severities = {finding.severity for finding in findings}
    return "block" if "block" in severities else "review" if "review" in severities else "pass"


def _message(rule: Rule, matter: MatterBase, hit: Hit, params: dict[str, Any]) -> str:
    values: dict[str, Any] = defaultdict(str, {key: value for key, value in params.items()})
    values.update({"organizer": matter.organizer.name, **hit.values})
    try:
        return rule.message.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return rule.message  # a malformed template in a catalog must not break a screening


def _rule_findings(matter: MatterBase, ctx: ScreeningContext, catalog: Catalog) -> list[Finding]:
    analysed = AnalysedText(matter.text, catalog)
    # A demand that does not land on teachers (a purely student-facing activity) is not a ban on teachers:
    # block findings of text rules become review for it.
    on_teachers = matter.targets.teachers or analysed.mentions_any(catalog.lexicon.teacher_actors)
    findings = []
    for rule in catalog.rules:
        if not rule.applies_to(matter.kind):
            continue
        condition = rule.condition
        params = dict(getattr(condition, "params", {}))
        params.update(ctx.params.get(rule.id, {}))
        if isinstance(condition, TextCondition):
            hit = match_text(condition, analysed, matter.organizer.is_education)
        else:
            hit = CHECKS[condition.check](matter, ctx, params, analysed)
        if hit is None:
            continue
        severity = rule.severity
        if severity == "block" and isinstance(condition, TextCondition) and not on_teachers:
            severity = "review"
        findings.append(
            Finding(
                rule=rule.id,
                measure=rule.measure,
                severity=severity,
                message=_message(rule, matter, hit, params),
                quote=rule.quote,
                evidence=hit.evidence,
            )
        )
    return findings


def _case_findings(matter: MatterBase, ctx: ScreeningContext, catalog: Catalog) -> list[Finding]:
    if ctx.case_index is None or not len(ctx.case_index):
        return []
    matches = ctx.case_index.query(
        matter.title, matter.description, kind=matter.kind, limit=3, min_score=catalog.case_threshold
    )
    findings = []
    for match in matches:
        measure = int(match.payload.get("measure", 0))
        rule = catalog.by_id(match.payload.get("rule_id") or "")
        findings.append(
            Finding(
                rule=f"CASE.{match.id}",
                measure=measure,
                severity=catalog.case_severity,
                message=(
                    f"与已确认的违规案例“{match.title}”（案例{match.id}）相似度{match.score:.2f}，"
                    f"可能违反第{measure}条" + (f"（规则{rule.id}）" if rule else "")
                ),
                quote=rule.quote if rule else catalog.measure_quote(measure),
                evidence=match.title,
            )
        )
    return findings


def screen(
    matter: MatterBase | dict[str, Any],
    context: ScreeningContext | None = None,
    *,
    catalog: Catalog | None = None,
) -> ScreeningResult:
    """Screen one Matter (a parsed Matter or its JSON dict; a bad dict raises MatterInputError)."""
    if not isinstance(matter, MatterBase):
        matter = parse_matter(matter)
    ctx = context or _DEFAULT_CONTEXT
    catalog = catalog or default_catalog()
    findings = _rule_findings(matter, ctx, catalog) + _case_findings(matter, ctx, catalog)
    findings.sort(key=lambda finding: (-SEVERITY_RANK[finding.severity], finding.measure, finding.rule))
    similar: tuple[dict[str, Any], ...] = ()
    if ctx.matter_index is not None:
        matches = ctx.matter_index.query(
            matter.title, matter.description, kind=matter.kind, exclude=ctx.exclude_similar_ids
        )
        similar = tuple(match.as_dict() for match in matches)
    return ScreeningResult(
        verdict=verdict_of(findings),
        catalog_version=catalog.version,
        findings=tuple(findings),
        similar=similar,
    )
