"""The write side of an import, inside the caller's transaction: people upserted by the keyed hash of their ID
number, record groups replaced per teacher where they differ.

Each chunk of checked rows is first resolved against the database (who exists, in which school, with which values;
only rows whose keyed hash the registry may hold are looked up) and only new and changed rows are written: new ones with COPY on PostgreSQL and one prepared INSERT (executemany)
on SQLite, changed ones with one prepared UPDATE. bulk_create's per-value SQL compilation would cost more than
all the checking (as registry.demo.generator found for the demo data). An existing person's ciphertext is never
rewritten, so importing the same file twice writes nothing at all.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import connection

from jianfu.imports.models import TeacherRecord
from jianfu.imports.people import Person, Target
from jianfu.registry.models import Teacher

_PROTECTED = ("id_cipher", "id_lookup", "id_masked")


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _query_batch() -> int:
    limit = connection.features.max_query_params
    return min(limit - 10, 10_000) if limit else 10_000


@dataclass
class Resolution:
    inserts: list[Person] = field(default_factory=list)
    updates: list[tuple[int, Person]] = field(default_factory=list)
    unchanged: int = 0
    refused: list[Person] = field(default_factory=list)  # exists in a school outside the importer's reach


class PeopleWriter:
    """Upserts Teacher or Student rows; `present` names the columns the file has (absent ones are not updated)."""

    def __init__(self, model, present: Iterable[str], target: Target):
        self.model = model
        self.target = target
        self._held_prefixes: set[int] | None = None
        self.postgres = connection.vendor == "postgresql"
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_name = {f.attname: f for f in fields}
        present = set(present)
        self.update_names = [
            f.attname for f in fields if f.attname in present and f.attname not in (*_PROTECTED, "school_id")
        ] + ["school_id"]
        self.insert_names = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.row_of = itemgetter(*self.insert_names)
        self.dates = [index for index, f in enumerate(fields) if f.get_internal_type() == "DateField"]
        ops = connection.ops
        quote = ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)
        # Identifiers come from the model and are quoted; every value is a bound parameter.
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        assignments = ", ".join(f"{quote(by_name[name].column)} = %s" for name in self.update_names)
        self.update_sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
        selected = ", ".join(quote(by_name[name].column) for name in self.update_names)
        # The hashes go as one text parameter: binding thousands of parameters costs more than the lookup.
        matching = (
            "= ANY(string_to_array(%s, ','))" if self.postgres else "IN (SELECT value FROM json_each(%s))"
        )
        self.select_sql = f"SELECT {quote('id')}, {quote('id_lookup')}, {selected} FROM {table} WHERE {quote('id_lookup')} {matching}"  # noqa: S608

    def _held(self) -> set[int]:
        """The first 64 bits of every keyed hash the registry holds, read once per import: a row whose hash is not
        among them is new without asking the database (8 bytes a person, far less than a query per chunk)."""
        if self._held_prefixes is None:
            column = connection.ops.quote_name("id_lookup")
            table = connection.ops.quote_name(self.model._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT substr({column}, 1, 16) FROM {table}")  # noqa: S608 (model identifiers)
                self._held_prefixes = {int(prefix, 16) for (prefix,) in cursor.fetchall()}
        return self._held_prefixes

    def _existing(self, lookups: list[str]) -> dict[str, tuple]:
        """The people of these keyed hashes already in the registry: one query, the hashes as one parameter."""
        held = self._held()
        lookups = [lookup for lookup in lookups if int(lookup[:16], 16) in held]
        found = {}
        with connection.cursor() as cursor:
            for batch in _batches(lookups, 50_000):
                cursor.execute(
                    self.select_sql, [",".join(batch) if self.postgres else json.dumps(list(batch))]
                )
                for row in cursor.fetchall():
                    found[row[1]] = row
        return found

    def resolve(self, people: list[Person]) -> Resolution:
        resolution = Resolution()
        if not people:
            return resolution
        existing = self._existing([person.lookup for person in people])
        names = self.update_names
        for person in people:
            row = existing.get(person.lookup)
            if row is None:
                resolution.inserts.append(person)
            elif row[-1] not in self.target.allowed_ids:
                resolution.refused.append(person)
            else:
                values = person.values
                # Django's connection hands dates and booleans back as Python values on both databases.
                if row[2:] == tuple(values[name] for name in names):
                    resolution.unchanged += 1
                else:
                    resolution.updates.append((row[0], person))
        return resolution

    def _insert_rows(self, people: list[Person]) -> Iterator[tuple]:
        defaults, row_of = self.defaults, self.row_of
        adapt = None if self.postgres else connection.ops.adapt_datefield_value
        dates = self.dates
        for person in people:
            row = row_of(
                {
                    **defaults,
                    **person.values,
                    "id_cipher": person.cipher,
                    "id_lookup": person.lookup,
                    "id_masked": person.masked,
                }
            )
            if adapt is not None:
                row = list(row)
                for index in dates:
                    row[index] = adapt(row[index])
            yield row

    def write(self, resolution: Resolution) -> None:
        with connection.cursor() as cursor:
            if resolution.inserts:
                if self.postgres:
                    with cursor.copy(self.copy_sql) as copy:
                        write_row = copy.write_row
                        for row in self._insert_rows(resolution.inserts):
                            write_row(row)
                else:
                    cursor.executemany(self.insert_sql, list(self._insert_rows(resolution.inserts)))
            if resolution.updates:
                adapt = None if self.postgres else connection.ops.adapt_datefield_value
                dates = {
                    name for name in self.update_names if name in {self.insert_names[i] for i in self.dates}
                }
                cursor.executemany(
                    self.update_sql,
                    [
                        (
                            *(
                                adapt(person.values[name])
                                if adapt is not None and name in dates
                                else person.values[name]
                                for name in self.update_names
                            ),
                            pk,
                        )
                        for pk, person in resolution.updates
                    ],
                )


def records_replace(
    model: type[TeacherRecord], rows: dict[str, list[tuple]], lookups: Iterable[str]
) -> tuple[int, int]:
    """Make each listed teacher's records of `model` exactly `rows[lookup]` (none when absent), touching only the
    teachers whose records differ. Returns (teachers changed, records written)."""
    size = _query_batch()
    teacher_of: dict[str, int] = {}
    lookups = list(lookups)
    for batch in _batches(lookups, size):
        teacher_of.update(
            Teacher.objects.filter(id_lookup__in=batch).values_list("id_lookup", "id").order_by()
        )
    fields = model.compared_fields()
    held: dict[int, Counter] = defaultdict(Counter)
    pks = list(teacher_of.values())
    for batch in _batches(pks, size):
        for row in model.objects.filter(teacher_id__in=batch).values_list("teacher_id", *fields).order_by():
            held[row[0]][row[1:]] += 1
    changed = [
        (lookup, pk)
        for lookup, pk in teacher_of.items()
        if held.get(pk, Counter()) != Counter(rows.get(lookup, ()))
    ]
    for batch in _batches([pk for _lookup, pk in changed], size):
        model.objects.filter(teacher_id__in=batch).delete()
    new = [
        model(teacher_id=pk, **dict(zip(fields, record, strict=True)))
        for lookup, pk in changed
        for record in rows.get(lookup, ())
    ]
    model.objects.bulk_create(new, batch_size=500)
    return len(changed), len(new)
