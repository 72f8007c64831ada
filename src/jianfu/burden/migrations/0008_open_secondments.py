"""Open secondments (approved, with a teacher, no return recorded) at the teacher's school now, kept by triggers on
the Matters, the returns, the teachers and the schools (ADR 0010), so that the dashboards count them without
looking up each teacher's school.

PostgreSQL: statement-level triggers with transition tables (a bulk write refreshes its rows in one statement);
SQLite: row-level triggers (demo scale).
"""

import django.db.models.deletion
from django.db import migrations, models

# The open rows of some Matters, from the Matters themselves (the one definition both databases share).
SELECT_OPEN = """
SELECT m.id, m.teacher_id, t.school_id, s.region_id, m.starts_on, m.ends_on
FROM matters_matter m
JOIN registry_teacher t ON t.id = m.teacher_id
JOIN registry_school s ON s.id = t.school_id
WHERE m.kind = 'secondment' AND m.state = 'approved'
  AND NOT EXISTS (SELECT 1 FROM burden_secondmentreturn r WHERE r.matter_id = m.id)"""
COLUMNS = "burden_opensecondment (matter_id, teacher_id, school_id, region_id, starts_on, ends_on)"

REFRESH = f"""
CREATE FUNCTION burden_open_secondments_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM burden_opensecondment WHERE matter_id = ANY(ids);
    INSERT INTO {COLUMNS} {SELECT_OPEN} AND m.id = ANY(ids)
    ON CONFLICT (matter_id) DO UPDATE SET teacher_id = EXCLUDED.teacher_id, school_id = EXCLUDED.school_id,
        region_id = EXCLUDED.region_id, starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on;
END $$;
"""  # noqa: S608 (constant SQL, no input)
TRIGGERS = """
CREATE FUNCTION burden_open_secondments_matters() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(id) INTO ids FROM new_rows WHERE kind = 'secondment';
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(id) INTO ids FROM old_rows WHERE kind = 'secondment';
    ELSE
        SELECT array_agg(id) INTO ids FROM (
            SELECT id FROM new_rows WHERE kind = 'secondment' UNION SELECT id FROM old_rows WHERE kind = 'secondment'
        ) AS changed;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM burden_open_secondments_refresh(ids);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION burden_open_secondments_returns() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(matter_id) INTO ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(matter_id) INTO ids FROM old_rows;
    ELSE
        SELECT array_agg(matter_id) INTO ids FROM (
            SELECT matter_id FROM new_rows UNION SELECT matter_id FROM old_rows
        ) AS changed;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM burden_open_secondments_refresh(ids);
    END IF;
    RETURN NULL;
END $$;

-- A transfer moves the teacher's open secondments to the new school (and its county).
CREATE FUNCTION burden_open_secondments_teachers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE burden_opensecondment AS o SET school_id = n.school_id, region_id = s.region_id
    FROM new_rows AS n JOIN registry_school AS s ON s.id = n.school_id
    WHERE o.teacher_id = n.id AND (o.school_id <> n.school_id OR o.region_id <> s.region_id);
    RETURN NULL;
END $$;

CREATE FUNCTION burden_open_secondments_schools() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE burden_opensecondment AS o SET region_id = n.region_id
    FROM new_rows AS n WHERE o.school_id = n.id AND o.region_id <> n.region_id;
    RETURN NULL;
END $$;

CREATE TRIGGER burden_open_secondments_insert AFTER INSERT ON matters_matter
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION burden_open_secondments_matters();
CREATE TRIGGER burden_open_secondments_update AFTER UPDATE ON matters_matter
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION burden_open_secondments_matters();
CREATE TRIGGER burden_open_secondments_delete AFTER DELETE ON matters_matter
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION burden_open_secondments_matters();
CREATE TRIGGER burden_open_secondments_return_insert AFTER INSERT ON burden_secondmentreturn
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION burden_open_secondments_returns();
CREATE TRIGGER burden_open_secondments_return_update AFTER UPDATE ON burden_secondmentreturn
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION burden_open_secondments_returns();
CREATE TRIGGER burden_open_secondments_return_delete AFTER DELETE ON burden_secondmentreturn
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION burden_open_secondments_returns();
CREATE TRIGGER burden_open_secondments_teacher_update AFTER UPDATE ON registry_teacher
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION burden_open_secondments_teachers();
CREATE TRIGGER burden_open_secondments_school_update AFTER UPDATE ON registry_school
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION burden_open_secondments_schools();
"""
POSTGRES = [REFRESH, TRIGGERS]
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS burden_open_secondments_insert ON matters_matter;
DROP TRIGGER IF EXISTS burden_open_secondments_update ON matters_matter;
DROP TRIGGER IF EXISTS burden_open_secondments_delete ON matters_matter;
DROP TRIGGER IF EXISTS burden_open_secondments_return_insert ON burden_secondmentreturn;
DROP TRIGGER IF EXISTS burden_open_secondments_return_update ON burden_secondmentreturn;
DROP TRIGGER IF EXISTS burden_open_secondments_return_delete ON burden_secondmentreturn;
DROP TRIGGER IF EXISTS burden_open_secondments_teacher_update ON registry_teacher;
DROP TRIGGER IF EXISTS burden_open_secondments_school_update ON registry_school;
DROP FUNCTION IF EXISTS burden_open_secondments_matters();
DROP FUNCTION IF EXISTS burden_open_secondments_returns();
DROP FUNCTION IF EXISTS burden_open_secondments_teachers();
DROP FUNCTION IF EXISTS burden_open_secondments_schools();
DROP FUNCTION IF EXISTS burden_open_secondments_refresh(bigint[]);
"""


def _sqlite_refresh(ref: str) -> str:
    return (
        f"DELETE FROM burden_opensecondment WHERE matter_id = {ref}; "  # noqa: S608 (NEW.id / OLD.id)
        f"INSERT INTO {COLUMNS} {SELECT_OPEN} AND m.id = {ref};"
    )


SQLITE = [
    f"""CREATE TRIGGER burden_open_secondments_insert AFTER INSERT ON matters_matter
    WHEN NEW.kind = 'secondment' BEGIN {_sqlite_refresh("NEW.id")} END;""",
    f"""CREATE TRIGGER burden_open_secondments_update AFTER UPDATE ON matters_matter
    WHEN NEW.kind = 'secondment' OR OLD.kind = 'secondment'
    BEGIN DELETE FROM burden_opensecondment WHERE matter_id = OLD.id; {_sqlite_refresh("NEW.id")} END;""",  # noqa: S608
    """CREATE TRIGGER burden_open_secondments_delete AFTER DELETE ON matters_matter
    WHEN OLD.kind = 'secondment' BEGIN DELETE FROM burden_opensecondment WHERE matter_id = OLD.id; END;""",
    f"""CREATE TRIGGER burden_open_secondments_return_insert AFTER INSERT ON burden_secondmentreturn
    BEGIN {_sqlite_refresh("NEW.matter_id")} END;""",
    f"""CREATE TRIGGER burden_open_secondments_return_update AFTER UPDATE ON burden_secondmentreturn
    BEGIN {_sqlite_refresh("OLD.matter_id")} {_sqlite_refresh("NEW.matter_id")} END;""",
    f"""CREATE TRIGGER burden_open_secondments_return_delete AFTER DELETE ON burden_secondmentreturn
    BEGIN {_sqlite_refresh("OLD.matter_id")} END;""",
    """CREATE TRIGGER burden_open_secondments_teacher_update AFTER UPDATE OF school_id ON registry_teacher
    BEGIN UPDATE burden_opensecondment SET school_id = NEW.school_id,
        region_id = (SELECT region_id FROM registry_school WHERE id = NEW.school_id)
    WHERE teacher_id = NEW.id; END;""",
    """CREATE TRIGGER burden_open_secondments_school_update AFTER UPDATE OF region_id ON registry_school
    BEGIN UPDATE burden_opensecondment SET region_id = NEW.region_id WHERE school_id = NEW.id; END;""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS burden_open_secondments_{name};"
    for name in (
        "insert", "update", "delete", "return_insert", "return_update", "return_delete", "teacher_update",
        "school_update",
    )
]  # fmt: skip
FILL = f"INSERT INTO {COLUMNS} {SELECT_OPEN}"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = POSTGRES if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []
    if not statements:
        raise RuntimeError(f"no open-secondment triggers for {vendor}")
    schema_editor.execute("DELETE FROM burden_opensecondment")
    schema_editor.execute(FILL)
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    statements = [POSTGRES_DROP] if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("burden", "0007_region_training_rollup"),
        ("matters", "0003_matter_updated_at_index"),
        ("registry", "0004_school_headcount"),
    ]

    operations = [
        migrations.CreateModel(
            name="OpenSecondment",
            fields=[
                (
                    "matter",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="matters.matter",
                    ),
                ),
                ("starts_on", models.DateField(null=True, verbose_name="借用开始日期")),
                ("ends_on", models.DateField(null=True, verbose_name="借用结束日期")),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.region",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.school",
                    ),
                ),
                (
                    "teacher",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.teacher",
                    ),
                ),
            ],
            options={"verbose_name": "借用中的教师"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
