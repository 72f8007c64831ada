"""The write side of an import, inside the caller's transaction: people upserted by the keyed hash of their ID
number, record groups replaced per teacher where they differ.

Each chunk of checked rows is first resolved against the database (who exists, in which school, with which values;
only rows whose keyed hash the registry may hold are looked up) and only new and changed rows are written: new ones
with COPY on PostgreSQL, streamed chunk after chunk into one statement per COPY_ROWS rows, and one prepared INSERT
(executemany) on SQLite; changed ones with one prepared UPDATE. bulk_create's per-value SQL compilation would cost
more than all the checking (as registry.demo.generator found for the demo data). On PostgreSQL the table's foreign
keys are checked as each COPY statement ends, while the next rows are being checked, instead of all at once at the
commit. An existing person's ciphertext is never rewritten, so importing the same file twice writes nothing at all.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db import connection

from jianfu.imports.models import TeacherRecord
from jianfu.imports.people import Person, Target
from jianfu.registry.models import Teacher

_PROTECTED = ("id_cipher", "id_lookup", "id_masked")
COPY_ROWS = 10_000  # new rows per COPY statement: its triggers (keys, the schools' headcounts) run as it ends


def _batches(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _query_batch() -> int:
    limit = connection.features.max_query_params
    return min(limit - 10, 10_000) if limit else 10_000


def _picker(positions: Sequence[int]) -> Callable[[Sequence], tuple]:
    """The items of a row at `positions`, always as a tuple (itemgetter returns a lone item bare)."""
    if len(positions) == 1:
        (position,) = positions
        return lambda row: (row[position],)
    return itemgetter(*positions)


@dataclass
class Resolution:
    inserts: list[Person] = field(default_factory=list)
    updates: list[tuple[int, Person]] = field(default_factory=list)  # (primary key, person)
    unchanged: int = 0
    # (row, key, masked ID number) of people held by a school outside the importer's reach
    refused: list[tuple[int, Any, str]] = field(default_factory=list)


class PeopleWriter:
    """Upserts Teacher or Student rows; `present` names the columns the file has (absent ones are not updated).
    A context manager: leaving it ends a COPY still in progress (abandoned on an error), so that the connection
    can run the caller's next statement or its rollback; finish() writes what is held back."""

    def __init__(self, model, present: Iterable[str], target: Target):
        self.model = model
        self.target = target
        self._held_prefixes: set[int] | None = None
        self._deferred_keys: str | None = None  # the foreign keys checked per COPY instead of at the commit
        self._copying = ExitStack()  # the COPY statement in progress (PostgreSQL) and its cursor
        self._copy = None
        self._copied = 0  # rows sent in the COPY in progress
        self._streaming = True  # new rows go straight into the COPY in progress, until lookups come between
        self._held_back: list[Person] = []  # new rows waiting for a COPY of their own, once lookups do
        self.postgres = connection.vendor == "postgresql"
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_name = {f.attname: f for f in fields}
        position = {f.attname: index for index, f in enumerate(fields)}
        present = set(present)
        update_names = [
            f.attname for f in fields if f.attname in present and f.attname not in (*_PROTECTED, "school_id")
        ] + ["school_id"]
        self._defaults = {f.attname: f.get_default() for f in fields}
        self.insert_names = list(position)
        self._row_of = itemgetter(*position)
        # A Person is (row number, key, *the model's row): its fields start at index 2.
        self._updated_of = _picker([2 + position[name] for name in update_names])
        self._lookup_at, self._masked_at = 2 + position["id_lookup"], 2 + position["id_masked"]
        self._dates = [index for index, f in enumerate(fields) if f.get_internal_type() == "DateField"]
        self._updated_dates = [i for i, name in enumerate(update_names) if position[name] in self._dates]
        ops = connection.ops
        quote = ops.quote_name
        self.table = table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)
        # Identifiers come from the model and are quoted; every value is a bound parameter.
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        assignments = ", ".join(f"{quote(by_name[name].column)} = %s" for name in update_names)
        self.update_sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
        selected = ", ".join(quote(by_name[name].column) for name in update_names)
        # The hashes go as one text parameter: binding thousands of parameters costs more than the lookup.
        matching = (
            "= ANY(string_to_array(%s, ','))" if self.postgres else "IN (SELECT value FROM json_each(%s))"
        )
        self.select_sql = f"SELECT {quote('id')}, {quote('id_lookup')}, {selected} FROM {table} WHERE {quote('id_lookup')} {matching}"  # noqa: S608

    def __enter__(self) -> "PeopleWriter":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self._end_copy()
        else:
            self._copy = None
            with connection.wrap_database_errors:
                self._copying.__exit__(kind, error, traceback)  # psycopg abandons the COPY (CopyFail)

    def prepare(self, *, write: bool) -> None:
        """The queries every import needs, run before the helper thread starts checking (beside it they would wait
        for the GIL): the registry's hashes, and on a writing pass the keys checked per COPY."""
        self._held()
        if write and self.postgres:
            self._check_keys_per_statement()

    def lay_out(self, values: dict[str, Any]) -> tuple:
        """A checked row's values as the model's row: every field but the primary key, in the table's order."""
        return self._row_of({**self._defaults, **values})

    def _held(self) -> set[int]:
        """The first 64 bits of every keyed hash the registry holds, read once per import: a row whose hash is not
        among them is new without asking the database (8 bytes a person, far less than a query per chunk)."""
        if self._held_prefixes is None:
            column = connection.ops.quote_name("id_lookup")
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT substr({column}, 1, 16) FROM {self.table}")  # noqa: S608 (model identifiers)
                self._held_prefixes = {int(prefix, 16) for (prefix,) in cursor.fetchall()}
        return self._held_prefixes

    def _existing(self, lookups: list[str]) -> dict[str, tuple]:
        """The people of these keyed hashes already in the registry: one query, the hashes as one parameter."""
        held = self._held()
        if not held:
            return {}
        lookups = [lookup for lookup in lookups if int(lookup[:16], 16) in held]
        if not lookups:
            return {}
        # A query cannot run beside a COPY: new rows from now on wait until they fill a statement of their own.
        self._streaming = False
        self._end_copy()
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
        """Sort sealed rows into new, changed, unchanged and refused (held by a school outside the importer's)."""
        resolution = Resolution()
        lookup_at = self._lookup_at
        existing = self._existing([person[lookup_at] for person in people]) if people and self._held() else {}
        if not existing:
            resolution.inserts = people
            return resolution
        updated_of, allowed = self._updated_of, self.target.allowed_ids
        for person in people:
            held = existing.get(person[lookup_at])
            if held is None:
                resolution.inserts.append(person)
            elif held[-1] not in allowed:  # its school_id
                resolution.refused.append((person[0], person[1], person[self._masked_at]))
            # Django's connection hands dates and booleans back as Python values on both databases.
            elif held[2:] == updated_of(person):
                resolution.unchanged += 1
            else:
                resolution.updates.append((held[0], person))
        return resolution

    def write(self, resolution: Resolution) -> None:
        """Write a resolved chunk: new rows into the COPY in progress on PostgreSQL (one statement per COPY_ROWS
        rows, which the server takes in while the next chunk is checked), one prepared INSERT on SQLite; changed
        rows by one prepared UPDATE."""
        if resolution.updates:
            self._end_copy()
            updated_of = self._updated_of
            with connection.cursor() as cursor:
                cursor.executemany(
                    self.update_sql,
                    [
                        (*self._adapted(updated_of(person), self._updated_dates), pk)
                        for pk, person in resolution.updates
                    ],
                )
        if not resolution.inserts:
            return
        if not self.postgres:
            with connection.cursor() as cursor:
                cursor.executemany(
                    self.insert_sql, [self._adapted(person[2:], self._dates) for person in resolution.inserts]
                )
        elif self._streaming:
            self._send(resolution.inserts)
        else:
            self._held_back += resolution.inserts
            if len(self._held_back) >= COPY_ROWS:
                self._send(self._held_back)
                self._held_back = []
                self._end_copy()

    def finish(self) -> None:
        """After the last chunk of an import that is kept: every new row written, and the foreign keys deferred
        again, as the schema declares them, for the rest of the caller's transaction."""
        self._end_copy()
        if self._held_back:
            self._send(self._held_back)
            self._held_back = []
            self._end_copy()
        if self._deferred_keys:
            with connection.cursor() as cursor:
                cursor.execute(f"SET CONSTRAINTS {self._deferred_keys} DEFERRED")

    def _send(self, people: list[Person]) -> None:
        """Rows into the COPY in progress, started if need be; it ends once it holds COPY_ROWS rows."""
        # Django translates the errors of execute(), not of COPY: a key another transaction took meanwhile must
        # still reach the caller as IntegrityError.
        with connection.wrap_database_errors:
            if self._copy is None:
                self._check_keys_per_statement()
                cursor = self._copying.enter_context(connection.cursor())
                self._copy = self._copying.enter_context(cursor.copy(self.copy_sql))
            write_row = self._copy.write_row
            for person in people:
                write_row(person[2:])
        self._copied += len(people)
        if self._copied >= COPY_ROWS:
            self._end_copy()

    def _end_copy(self) -> None:
        """End the COPY in progress, if any: the server checks its rows' foreign keys and runs its triggers."""
        if self._copy is not None:
            self._copy, self._copied = None, 0
            with connection.wrap_database_errors:
                self._copying.close()

    def _check_keys_per_statement(self) -> None:
        """The schema defers the table's foreign keys to the commit; checked as each COPY ends instead, they are
        checked while the helper thread checks the next rows, not all at once at the end."""
        if self._deferred_keys is not None:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' AND condeferred",
                [self.table],
            )
            self._deferred_keys = ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())
            if self._deferred_keys:
                cursor.execute(f"SET CONSTRAINTS {self._deferred_keys} IMMEDIATE")

    def _adapted(self, row: Sequence, dates: list[int]) -> Sequence:
        """`row` with its dates as the database takes them as parameters (text on SQLite)."""
        if self.postgres:
            return row
        adapt = connection.ops.adapt_datefield_value
        row = list(row)
        for index in dates:
            row[index] = adapt(row[index])
        return row


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
