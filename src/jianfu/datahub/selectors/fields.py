"""Reads of the field dictionary, and the held/new marking of a data request's fields."""

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db.models import Count, Q

from jianfu.accounts import scope
from jianfu.datahub import dictionary
from jianfu.datahub.dictionary import COLLECTED_PREFIX, COLLECTED_SOURCE, TEACHERS, normalise
from jianfu.datahub.models import CollectedField

HELD = "held"
NEW = "new"


# --- the field dictionary -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DictionaryRow:
    code: str
    label: str
    population: str
    source: str
    owner: str
    freshness: str
    personal_class: str
    aliases: str
    holders: int | None = None  # teachers holding a value (collected fields only)


def _collected_row(field: CollectedField, book: dictionary.FieldDictionary) -> DictionaryRow:
    first = field.first_request
    return DictionaryRow(
        code=field.code,
        label=field.label,
        population=book.populations[TEACHERS],
        source=book.sources[COLLECTED_SOURCE],
        owner="教师本人",
        freshness=f"{field.created_at:%Y-%m-%d}经数据需求“{first.title}”首次采集；以后的需求直接复用，不再询问",
        personal_class=book.classes[dictionary.COLLECTED_CLASS],
        aliases="",
        holders=field.holders,
    )


def field_dictionary_rows(
    *, user, query: str = "", population: str = "", source: str = ""
) -> list[DictionaryRow]:
    """Every field the platform holds: the registry's (the TOML dictionary), then those collected by requests."""
    book = dictionary.current()
    rows = [
        DictionaryRow(
            code=entry.code,
            label=entry.label,
            population=book.populations[entry.population],
            source=entry.source_label,
            owner=entry.owner,
            freshness=entry.freshness,
            personal_class=entry.class_label,
            aliases="、".join(entry.aliases),
        )
        for entry in book.entries
        if (not population or entry.population == population) and (not source or entry.source == source)
    ]
    if population in ("", TEACHERS) and source in ("", COLLECTED_SOURCE):
        collected = (
            scope.visible_to(user, CollectedField)
            .select_related("first_request")
            .annotate(holders=Count("values"))
        )
        rows.extend(_collected_row(field, book) for field in collected.order_by("created_at", "pk"))
    wanted = normalise(query)
    if wanted:
        rows = [
            row
            for row in rows
            if any(wanted in normalise(text) for text in (row.code, row.label, row.aliases))
        ]
    return rows


# --- classifying a request's fields ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldMark:
    """One requested field: held (registry column or collected earlier) or new, and where it comes from."""

    requested: str
    status: str
    code: str
    label: str
    source: str
    source_label: str

    @property
    def held(self) -> bool:
        return self.status == HELD

    @property
    def collected_id(self) -> int | None:
        return (
            int(self.code.removeprefix(COLLECTED_PREFIX)) if self.code.startswith(COLLECTED_PREFIX) else None
        )

    def as_dict(self) -> dict:
        return asdict(self)


def _collected_by_name(keys: set[str]) -> dict[str, CollectedField]:
    ids = [
        int(key[len(COLLECTED_PREFIX) :])
        for key in keys
        if key.startswith(COLLECTED_PREFIX) and key[len(COLLECTED_PREFIX) :].isdigit()
    ]
    found: dict[str, CollectedField] = {}
    for field in CollectedField.objects.filter(Q(key__in=keys) | Q(pk__in=ids)):
        found[field.key] = field
        found[normalise(field.code)] = field
    return found


def fields_classify(*, fields: Iterable[str], population: str = TEACHERS) -> list[FieldMark]:
    """Mark each requested field (a label, an alias or a code) as held or new, in the order requested; a field
    named twice (e.g. 身份证号 and 身份证件号) counts once. Only teachers answer forms: for students a field the
    student registry does not hold stays new (measure 16: class teachers are not asked to compile it)."""
    book = dictionary.current()
    names = [str(name).strip() for name in fields if str(name).strip()]
    keys = {normalise(name) for name in names}
    collected = _collected_by_name(keys) if population == TEACHERS and keys else {}
    marks: list[FieldMark] = []
    seen: set[str] = set()
    for name in names:
        entry = book.match(name, population)
        field = collected.get(normalise(name))
        if entry is not None:
            mark = FieldMark(name, HELD, entry.code, entry.label, entry.source, entry.source_label)
        elif field is not None:
            mark = FieldMark(
                name, HELD, field.code, field.label, COLLECTED_SOURCE, book.sources[COLLECTED_SOURCE]
            )
        else:
            source = COLLECTED_SOURCE if population == TEACHERS else ""
            mark = FieldMark(name, NEW, "", name, source, book.sources.get(source, ""))
        identity = mark.code or normalise(name)
        if identity not in seen:
            seen.add(identity)
            marks.append(mark)
    return marks
