"""Database-level guard: the ledger refuses UPDATE (and DELETE on PostgreSQL), like the audit log."""

from django.db import migrations

from jianfu.common.append_only import refuse_changes_operation


class Migration(migrations.Migration):
    dependencies = [("burden", "0001_initial")]
    operations = [refuse_changes_operation(table="burden_ledgerentry", name="ledger")]
