"""The field dictionary: a TOML file of every registry field, loaded into frozen dataclasses and checked on load.

Pure Python (no database): matching a requested field name to an entry, and reading an entry's value from a
registry row. Fields collected by earlier data requests live in the database (models.CollectedField) and are
matched by the selectors with the same `normalise`.
"""

import datetime as dt
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DICTIONARY_FILE = Path(__file__).resolve().parent / "catalogs" / "field-dictionary.toml"

TEACHERS = "teachers"
STUDENTS = "students"
POPULATIONS = (TEACHERS, STUDENTS)
# Collected fields (answers of teachers to earlier data requests) carry this source and class.
COLLECTED_SOURCE = "teacher"
COLLECTED_CLASS = "personal"
COLLECTED_PREFIX = "collected."
_REQUIRED = ("code", "population", "label", "aliases", "read", "source", "owner", "freshness", "class")
_TRAILING = "：:*＊ "


class DictionaryError(ValueError):
    """The dictionary file is malformed; raised at load time."""


def normalise(name: str) -> str:
    """The form field names are compared in: NFKC (full-width to half-width), case-folded, no whitespace, no
    trailing colon or asterisk ("身份证号：" and "身份证号 *" name the same field)."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return "".join(text.split()).rstrip(_TRAILING)


@dataclass(frozen=True)
class FieldEntry:
    code: str
    population: str
    label: str
    aliases: tuple[str, ...]
    read: str
    source: str
    owner: str
    freshness: str
    personal_class: str
    source_label: str
    class_label: str

    @property
    def masked(self) -> bool:
        return self.personal_class == "sensitive"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that requests this field: label, aliases, code and the code's part after the dot."""
        return (self.label, *self.aliases, self.code, self.code.split(".", 1)[1])


@dataclass(frozen=True)
class FieldDictionary:
    version: str
    sources: dict[str, str]
    classes: dict[str, str]
    populations: dict[str, str]
    entries: tuple[FieldEntry, ...]
    _codes: dict[str, FieldEntry] = field(init=False, repr=False, compare=False)
    _names: dict[tuple[str, str], FieldEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        names = {(e.population, normalise(name)): e for e in self.entries for name in e.names}
        object.__setattr__(self, "_codes", {entry.code: entry for entry in self.entries})
        object.__setattr__(self, "_names", names)

    def by_code(self, code: str) -> FieldEntry | None:
        return self._codes.get(code)

    def match(self, name: str, population: str) -> FieldEntry | None:
        """The entry of `population` that `name` (label, alias or code) requests, or None."""
        return self._names.get((population, normalise(name)))

    def for_population(self, population: str) -> tuple[FieldEntry, ...]:
        return tuple(entry for entry in self.entries if entry.population == population)


def _entry(raw: dict[str, Any], sources: dict, classes: dict, populations: dict) -> FieldEntry:
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise DictionaryError(f"{raw.get('code', '?')}: missing {', '.join(missing)}")
    code = raw["code"]
    if raw["population"] not in populations:
        raise DictionaryError(f"{code}: unknown population {raw['population']!r}")
    prefix = {TEACHERS: "teacher.", STUDENTS: "student."}[raw["population"]]
    if not code.startswith(prefix):
        raise DictionaryError(f"{code}: a {raw['population']} field's code starts with {prefix!r}")
    if raw["source"] not in sources:
        raise DictionaryError(f"{code}: unknown source {raw['source']!r}")
    if raw["class"] not in classes:
        raise DictionaryError(f"{code}: unknown personal-data class {raw['class']!r}")
    if raw["class"] == "sensitive" and not raw["read"].endswith("_masked"):
        raise DictionaryError(f"{code}: a sensitive field is only ever read masked")
    return FieldEntry(
        code=code,
        population=raw["population"],
        label=raw["label"],
        aliases=tuple(raw["aliases"]),
        read=raw["read"],
        source=raw["source"],
        owner=raw["owner"],
        freshness=raw["freshness"],
        personal_class=raw["class"],
        source_label=sources[raw["source"]],
        class_label=classes[raw["class"]],
    )


def load(path: Path = DICTIONARY_FILE) -> FieldDictionary:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    sources, classes, populations = data["sources"], data["classes"], data["populations"]
    if COLLECTED_SOURCE not in sources or COLLECTED_CLASS not in classes:
        raise DictionaryError("the dictionary must name the source and class of collected fields")
    entries = tuple(_entry(raw, sources, classes, populations) for raw in data.get("fields", []))
    seen: dict[tuple[str, str], str] = {}
    for entry in entries:
        for name in entry.names:
            key = (entry.population, normalise(name))
            if key in seen and seen[key] != entry.code:
                raise DictionaryError(f"{name!r} names both {seen[key]} and {entry.code}")
            seen[key] = entry.code
    return FieldDictionary(
        version=data["version"],
        sources=dict(sources),
        classes=dict(classes),
        populations=dict(populations),
        entries=entries,
    )


@cache
def current() -> FieldDictionary:
    return load()


def _age(birth: dt.date | None, today: dt.date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def read_value(entry: FieldEntry, row: Any, *, today: dt.date) -> Any:
    """The value of `entry` for a registry row (Teacher or Student); ID numbers only ever masked."""
    if entry.read == "age":
        return _age(row.birth_date, today)
    if entry.read.startswith("display:"):
        return getattr(row, f"get_{entry.read.removeprefix('display:')}_display")()
    value = row
    for part in entry.read.split("."):
        value = getattr(value, part)
    return value
