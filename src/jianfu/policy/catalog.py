"""The rule catalog: a versioned TOML file per city, loaded into frozen dataclasses and checked on load.

Rules are data. A rule names a condition type (`text` or `structured`) and its parameters; the Python that
evaluates them lives in text.py and rules.py, keyed by name, so no policy decision is written as code.
"""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

CATALOG_DIR = Path(__file__).resolve().parent / "catalogs"
DEFAULT_CATALOG = CATALOG_DIR / "baotou-2020.toml"

SEVERITIES = ("block", "review", "info")
SEVERITY_RANK = {"block": 3, "review": 2, "info": 1}
KINDS = (
    "inspection",
    "campus_activity",
    "social_exam",
    "meeting",
    "training",
    "secondment",
    "data_request",
    "task",
)
RULE_ID = re.compile(r"^M(\d{2})\.[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogError(ValueError):
    """The catalog file is malformed; raised at load time, never during a screening."""


@dataclass(frozen=True)
class TextCondition:
    """Term groups that must all occur, un-negated, in one sentence; `unless` terms there make it legitimate."""

    groups: tuple[tuple[str, ...], ...]
    unless: tuple[str, ...] = ()
    unless_education: tuple[str, ...] = ()  # legitimate only when the organizer is an education body
    organizer_education: bool | None = None  # restrict the rule to (non-)education organizers
    object_group: int | None = None  # which group names the thing demanded (an app, an account)
    type: str = "text"


@dataclass(frozen=True)
class StructuredCondition:
    """A named check over the Matter's structured fields, with its parameters."""

    check: str
    params: dict[str, Any] = field(default_factory=dict)
    type: str = "structured"


@dataclass(frozen=True)
class Rule:
    id: str
    measure: int
    severity: str
    kinds: tuple[str, ...]
    quote: str
    description: str
    message: str
    condition: TextCondition | StructuredCondition

    def applies_to(self, kind: str) -> bool:
        return "*" in self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Lexicon:
    negators: tuple[str, ...] = ()
    demand_after_negator: tuple[str, ...] = ()
    topic_suffixes: tuple[str, ...] = ()
    neutral_phrases: tuple[str, ...] = ()
    false_friends: tuple[str, ...] = ()
    teacher_actors: tuple[str, ...] = ()
    domain_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    version: str
    city: str
    title: str
    rules: tuple[Rule, ...]
    lexicon: Lexicon
    policy_text: str
    case_threshold: float = 0.55
    case_severity: str = "review"
    source: str = ""

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def measure_quote(self, measure: int) -> str:
        """The quote of the first rule of a measure: what a case finding cites."""
        return next((rule.quote for rule in self.rules if rule.measure == measure), "")

    def terms(self) -> set[str]:
        """Every text term, for jieba's user dictionary."""
        words = set(self.lexicon.domain_words)
        for rule in self.rules:
            if isinstance(rule.condition, TextCondition):
                for group in rule.condition.groups:
                    words.update(group)
        return words


def _tuple(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise CatalogError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _condition(raw: Any, where: str) -> TextCondition | StructuredCondition:
    if not isinstance(raw, dict) or raw.get("type") not in ("text", "structured"):
        raise CatalogError(f"{where}.condition: type must be 'text' or 'structured'")
    raw = dict(raw)
    kind = raw.pop("type")
    if kind == "structured":
        check = raw.pop("check", None)
        if not isinstance(check, str):
            raise CatalogError(f"{where}.condition: a structured condition needs a check name")
        return StructuredCondition(check=check, params=raw)
    groups = raw.pop("groups", None)
    if not isinstance(groups, list) or not groups:
        raise CatalogError(f"{where}.condition.groups: at least one term group")
    condition = TextCondition(
        groups=tuple(_tuple(group, f"{where}.condition.groups") for group in groups),
        unless=_tuple(raw.pop("unless", []), f"{where}.condition.unless"),
        unless_education=_tuple(raw.pop("unless_education", []), f"{where}.condition.unless_education"),
        organizer_education=raw.pop("organizer_education", None),
        object_group=raw.pop("object_group", None),
    )
    if raw:
        raise CatalogError(f"{where}.condition: unknown keys {sorted(raw)}")
    return condition


def _rule(raw: dict[str, Any], index: int) -> Rule:
    where = f"rules[{index}]"
    try:
        rule = Rule(
            id=raw["id"],
            measure=int(raw["measure"]),
            severity=raw["severity"],
            kinds=tuple(raw["kinds"]),
            quote=raw["quote"],
            description=raw["description"],
            message=raw["message"],
            condition=_condition(raw.get("condition"), where),
        )
    except KeyError as exc:
        raise CatalogError(f"{where}: missing {exc.args[0]}") from exc
    match = RULE_ID.match(rule.id)
    if not match or int(match.group(1)) != rule.measure:
        raise CatalogError(f"{where}: id {rule.id!r} must look like M09.online-voting and match its measure")
    if rule.severity not in SEVERITIES:
        raise CatalogError(f"{where}: severity must be one of {SEVERITIES}")
    if not rule.kinds or any(kind != "*" and kind not in KINDS for kind in rule.kinds):
        raise CatalogError(f"{where}: kinds must be '*' or among {KINDS}")
    return rule


def normalise_space(text: str) -> str:
    """Whitespace removed: the policy text wraps lines and spaces ASCII words ("学习类 APP")."""
    return re.sub(r"\s+", "", text)


def load_catalog(path: str | Path) -> Catalog:
    """Read and check a catalog file; its policy text lives beside it (key `policy_text`)."""
    path = Path(path)
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    for key in ("version", "rules", "policy_text"):
        if key not in data:
            raise CatalogError(f"{path.name}: missing {key}")
    rules = tuple(_rule(raw, index) for index, raw in enumerate(data["rules"]))
    ids = [rule.id for rule in rules]
    duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if duplicates:
        raise CatalogError(f"{path.name}: duplicate rule ids {duplicates}")
    lexicon = Lexicon(**{key: tuple(value) for key, value in data.get("lexicon", {}).items()})
    cases = data.get("case_library", {})
    catalog = Catalog(
        version=data["version"],
        city=data.get("city", ""),
        title=data.get("title", ""),
        rules=rules,
        lexicon=lexicon,
        policy_text=(path.parent / data["policy_text"]).read_text(encoding="utf-8"),
        case_threshold=float(cases.get("threshold", 0.55)),
        case_severity=cases.get("severity", "review"),
        source=path.name,
    )
    # Structured checks are looked up by name; an unknown name is a catalog error, not a screening crash.
    from jianfu.policy.rules import CHECKS

    for rule in rules:
        if isinstance(rule.condition, StructuredCondition) and rule.condition.check not in CHECKS:
            raise CatalogError(f"{rule.id}: unknown structured check {rule.condition.check!r}")
    return catalog


@cache
def default_catalog() -> Catalog:
    """The Baotou catalog, loaded once per process."""
    return load_catalog(DEFAULT_CATALOG)
