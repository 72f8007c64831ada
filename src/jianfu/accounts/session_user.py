"""The query that loads a session's user on every request, compiled once per database connection.

Compiling `User.select_related(region, school, teacher, department)` costs ~0.75 ms of CPU, twice what running it
costs, and every logged-in request pays it (docs/scaling.md, issue 8). The SQL, its column map and its converters
do not change between requests, so they are kept per connection and only the user id changes. The user is still
read fresh from the database on every request: nothing here is a cache of the user.

It reuses the ORM's own row-to-object code (`results_iter`, `get_related_populators`), the same steps
`ModelIterable` takes; tests/accounts/test_session_user.py compares the result field by field with the ORM's, so
a Django upgrade that changes these internals fails there, not in production.
"""

import weakref

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models.query import get_related_populators

# The organisation every page shows (menu, header, scope): one query with the user.
RELATED = ("region", "school", "teacher", "department")
_PLACEHOLDER_ID = -1


class _CompiledUserQuery:
    """One connection's compiled query: SQL with the user id as its only parameter, and how to build the objects."""

    def __init__(self, using: str) -> None:
        user_model = get_user_model()
        queryset = (
            user_model._default_manager.using(using).select_related(*RELATED).filter(pk=_PLACEHOLDER_ID)
        )
        self.compiler = queryset.query.get_compiler(using=using)
        self.sql, params = self.compiler.as_sql()
        if list(params) != [_PLACEHOLDER_ID]:  # the id must be the only parameter, or reuse would be wrong
            raise RuntimeError(f"unexpected parameters in the session user query: {params!r}")
        self.using = using
        klass_info = self.compiler.klass_info
        select = self.compiler.select
        fields = klass_info["select_fields"]
        self.model = klass_info["model"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, using)
        self.converters = self.compiler.get_converters(
            [column[0] for column in select[: self.compiler.col_count]]
        )

    def fetch(self, user_id):
        with _cursor(self.compiler.connection) as cursor:
            cursor.execute(self.sql, [user_id])
            rows = cursor.fetchall()
        if not rows:
            return None
        # What results_iter does, with the converters worked out once (encrypted fields, SQLite's booleans).
        row = (
            next(iter(self.compiler.apply_converters(rows, self.converters))) if self.converters else rows[0]
        )
        user = self.model.from_db(self.using, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, user)
        return user


def _cursor(connection):
    """On PostgreSQL a cursor that binds parameters on the server, so psycopg prepares the query once per connection
    (DB_PREPARE_THRESHOLD): planning this five-table join took 0.3 ms of the database's CPU on every request.
    Django's other cursors bind on the client and are never prepared."""
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
    ):
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    psycopg_connection = connection.connection
    default_factory = psycopg_connection.cursor_factory
    psycopg_connection.cursor_factory = ServerBindingCursor
    try:
        # A failed health check reconnects inside cursor(): that one query then runs unprepared, which is harmless.
        return connection.cursor()
    finally:
        psycopg_connection.cursor_factory = default_factory


# Keyed by the connection object itself: each thread has its own, and a closed-and-reopened connection keeps its
# wrapper, so the compiled query lives as long as the worker.
_compiled: "weakref.WeakKeyDictionary[object, _CompiledUserQuery]" = weakref.WeakKeyDictionary()


def session_user_fetch(*, user_id, using: str = "default"):
    """The user with their region, school, teacher record and department, or None when the id is unknown."""
    connection = connections[using]
    compiled = _compiled.get(connection)
    if compiled is None:
        compiled = _compiled[connection] = _CompiledUserQuery(using)
    try:
        user_id = get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    return compiled.fetch(user_id)
