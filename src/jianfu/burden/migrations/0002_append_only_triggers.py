"""Database-level guard: the ledger table refuses UPDATE (and DELETE on PostgreSQL), like the audit log.

SQLite gets the UPDATE guard only: its test-database flush empties tables with DELETE, while PostgreSQL's uses
TRUNCATE, which row triggers do not see. See audit/migrations/0002_append_only_triggers.py.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION jianfu_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'burden_ledgerentry is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON burden_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION jianfu_ledger_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS ledger_append_only ON burden_ledgerentry;
DROP FUNCTION IF EXISTS jianfu_ledger_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER ledger_append_only BEFORE UPDATE ON burden_ledgerentry
BEGIN SELECT RAISE(ABORT, 'burden_ledgerentry is append-only (UPDATE refused)'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS ledger_append_only;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("burden", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
