"""Append-only tables (the audit log, the burden ledger): rows are only inserted.

The queryset refuses update and delete; each model refuses saving an existing row; a database trigger refuses
UPDATE (and DELETE on PostgreSQL; SQLite keeps DELETE for Django's test flush). See ADR 0003.
"""

from django.db import migrations
from django.db.models import QuerySet


class AppendOnlyQuerySet(QuerySet):
    """Subclasses say how to refuse: the error class and the Chinese messages."""

    error: type[Exception] = RuntimeError
    update_refused = "只能追加，不能修改"
    delete_refused = "只能追加，不能删除"

    def update(self, **kwargs):
        raise self.error(self.update_refused)

    def bulk_update(self, *args, **kwargs):
        raise self.error(self.update_refused)

    def delete(self):
        raise self.error(self.delete_refused)


def refuse_changes_operation(*, table: str, name: str) -> migrations.RunPython:
    """A migration operation installing the trigger `<name>_append_only` on `table` (and its reverse)."""
    function, trigger = f"jianfu_{name}_append_only", f"{name}_append_only"
    pg_forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""
    pg_reverse = f"DROP TRIGGER IF EXISTS {trigger} ON {table};\nDROP FUNCTION IF EXISTS {function}();"
    sqlite_forward = (
        f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}\n"
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only (UPDATE refused)'); END;"
    )
    sqlite_reverse = f"DROP TRIGGER IF EXISTS {trigger};"

    def forward(apps, schema_editor):
        sql = {"postgresql": pg_forward, "sqlite": sqlite_forward}.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql, params=None)

    def reverse(apps, schema_editor):
        sql = {"postgresql": pg_reverse, "sqlite": sqlite_reverse}.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql, params=None)

    return migrations.RunPython(forward, reverse)
