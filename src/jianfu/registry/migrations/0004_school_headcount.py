"""Active teachers per school, kept by triggers on registry_teacher (ADR 0008).

PostgreSQL: statement-level triggers with transition tables, one aggregated upsert per statement (a COPY of a
million teachers adds one GROUP BY, not a million updates). SQLite: row-level triggers (demo scale).
"""

from django.db import migrations, models

POSTGRES = """
CREATE FUNCTION registry_headcount_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO registry_schoolheadcount (school_id, active)
        SELECT school_id, count(*) FROM new_rows WHERE status = 'active' GROUP BY school_id
        ON CONFLICT (school_id) DO UPDATE SET active = registry_schoolheadcount.active + EXCLUDED.active;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE registry_schoolheadcount AS h SET active = h.active - gone.n
        FROM (SELECT school_id, count(*) AS n FROM old_rows WHERE status = 'active' GROUP BY school_id) AS gone
        WHERE h.school_id = gone.school_id;
    ELSE
        INSERT INTO registry_schoolheadcount (school_id, active)
        SELECT school_id, sum(change) FROM (
            SELECT school_id, -1 AS change FROM old_rows WHERE status = 'active'
            UNION ALL
            SELECT school_id, 1 FROM new_rows WHERE status = 'active'
        ) AS changes GROUP BY school_id HAVING sum(change) <> 0
        ON CONFLICT (school_id) DO UPDATE SET active = registry_schoolheadcount.active + EXCLUDED.active;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER registry_headcount_insert AFTER INSERT ON registry_teacher
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_headcount_apply();
CREATE TRIGGER registry_headcount_update AFTER UPDATE ON registry_teacher
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION registry_headcount_apply();
CREATE TRIGGER registry_headcount_delete AFTER DELETE ON registry_teacher
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_headcount_apply();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS registry_headcount_insert ON registry_teacher;
DROP TRIGGER IF EXISTS registry_headcount_update ON registry_teacher;
DROP TRIGGER IF EXISTS registry_headcount_delete ON registry_teacher;
DROP FUNCTION IF EXISTS registry_headcount_apply();
"""
# A teacher counted in: the school's row is made if missing. Counted out: only an existing row changes (a flush
# deleting every table in any order must not bring a row back).
_ADD = """INSERT OR IGNORE INTO registry_schoolheadcount (school_id, active) VALUES (NEW.school_id, 0);
    UPDATE registry_schoolheadcount SET active = active + 1 WHERE school_id = NEW.school_id;"""
_REMOVE = "UPDATE registry_schoolheadcount SET active = active - 1 WHERE school_id = OLD.school_id;"
SQLITE = [
    f"""CREATE TRIGGER registry_headcount_insert AFTER INSERT ON registry_teacher WHEN NEW.status = 'active'
    BEGIN {_ADD} END;""",
    f"""CREATE TRIGGER registry_headcount_delete AFTER DELETE ON registry_teacher WHEN OLD.status = 'active'
    BEGIN {_REMOVE} END;""",
    f"""CREATE TRIGGER registry_headcount_update_old AFTER UPDATE OF status, school_id ON registry_teacher
    WHEN OLD.status = 'active' BEGIN {_REMOVE} END;""",
    f"""CREATE TRIGGER registry_headcount_update_new AFTER UPDATE OF status, school_id ON registry_teacher
    WHEN NEW.status = 'active' BEGIN {_ADD} END;""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS registry_headcount_{name};"
    for name in ("insert", "delete", "update_old", "update_new")
]
FILL = """INSERT INTO registry_schoolheadcount (school_id, active)
SELECT id, (SELECT count(*) FROM registry_teacher t WHERE t.school_id = registry_school.id AND t.status = 'active')
FROM registry_school"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [POSTGRES] if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []
    if not statements:
        raise RuntimeError(f"no headcount triggers for {vendor}")
    schema_editor.execute("DELETE FROM registry_schoolheadcount")
    schema_editor.execute(FILL)
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    statements = [POSTGRES_DROP] if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_code_validators")]

    operations = [
        migrations.CreateModel(
            name="SchoolHeadcount",
            fields=[
                (
                    "school",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="headcount",
                        serialize=False,
                        to="registry.school",
                    ),
                ),
                ("active", models.IntegerField(default=0, verbose_name="在岗教师数")),
            ],
            options={"verbose_name": "学校在岗教师数"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
