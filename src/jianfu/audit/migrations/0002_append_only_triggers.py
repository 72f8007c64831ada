"""Database-level guard: the audit table refuses UPDATE (and DELETE on PostgreSQL); see jianfu.common.append_only."""

from django.db import migrations

from jianfu.common.append_only import refuse_changes_operation


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [refuse_changes_operation(table="audit_auditevent", name="audit")]
