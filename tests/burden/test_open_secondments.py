"""The open secondments the dashboards count are kept by the database itself, whatever writes the Matters, the
returns, the teachers or the schools (ADR 0010)."""

import datetime as dt
from importlib import import_module

from django.db import connection

from jianfu.burden.models import OpenSecondment, SecondmentReturn
from jianfu.matters.models import Kind, Matter, State
from jianfu.registry.models import School
from tests.burden.conftest import approved_matter
from tests.factories import region

STARTS, ENDS = dt.date(2030, 1, 1), dt.date(2030, 6, 30)


def kept() -> set[tuple]:
    return set(
        OpenSecondment.objects.values_list(
            "matter_id", "teacher_id", "school_id", "region_id", "starts_on", "ends_on"
        )
    )


def computed() -> set[tuple]:
    """The same rows straight from the Matters: approved secondments with a teacher and no return."""
    rows = Matter.objects.filter(
        kind=Kind.SECONDMENT, state=State.APPROVED, teacher__isnull=False, secondment_return__isnull=True
    ).values_list(
        "pk", "teacher_id", "teacher__school_id", "teacher__school__region_id", "starts_on", "ends_on"
    )
    return set(rows)


def seconded(teacher, *, ends_on=ENDS, state: str = State.APPROVED) -> Matter:
    matter = approved_matter(teacher.school, kind="secondment", day=STARTS)
    Matter.objects.filter(pk=matter.pk).update(teacher=teacher, ends_on=ends_on, state=state)
    matter.refresh_from_db()
    return matter


def back(matter: Matter, place) -> SecondmentReturn:
    return SecondmentReturn.objects.create(
        matter=matter,
        teacher=matter.teacher,
        school=matter.teacher.school,
        returned_on=ENDS,
        recorded_by=place.admin,
    )


def test_an_approved_secondment_is_open_at_the_teachers_school_and_county(place):
    matter = seconded(place.zhang)

    assert (
        kept()
        == {(matter.pk, place.zhang.pk, place.school.pk, region("150222").pk, STARTS, ENDS)}
        == computed()
    )


def test_a_secondment_is_open_only_once_approved(place):
    matter = seconded(place.zhang, state=State.BUREAU_REVIEW)
    assert kept() == set() == computed()

    matter.state = State.APPROVED
    matter.save(update_fields=["state"])

    assert {row[0] for row in kept()} == {matter.pk}
    assert kept() == computed()


def test_other_kinds_of_matters_are_never_open_secondments(place):
    inspection = approved_matter(place.school, kind="inspection", day=STARTS)
    Matter.objects.filter(pk=inspection.pk).update(teacher=place.zhang)

    assert kept() == set() == computed()


def test_a_recorded_return_closes_the_secondment_and_removing_it_reopens(place):
    matter = seconded(place.zhang)
    record = back(matter, place)
    assert kept() == set() == computed()

    record.delete()

    assert {row[0] for row in kept()} == {matter.pk}
    assert kept() == computed()


def test_an_extension_moves_the_end_date(place):
    matter = seconded(place.zhang)

    matter.ends_on = dt.date(2030, 9, 30)
    matter.save(update_fields=["ends_on"])

    assert [row[5] for row in kept()] == [dt.date(2030, 9, 30)]
    assert kept() == computed()


def test_a_transfer_moves_the_open_secondment_to_the_new_school_and_county(place):
    seconded(place.zhang)
    seconded(place.stranger)

    place.zhang.school = place.other_school
    place.zhang.save(update_fields=["school"])

    assert {row[2:4] for row in kept()} == {(place.other_school.pk, region("150203").pk)}
    assert kept() == computed()


def test_a_school_moved_to_another_county_carries_its_open_secondments(place):
    seconded(place.zhang)

    School.objects.filter(pk=place.school.pk).update(region=region("150203"))

    assert {row[3] for row in kept()} == {region("150203").pk}
    assert kept() == computed()


def test_bulk_writes_and_raw_sql_around_the_orm_are_kept_too(place):
    first, second = seconded(place.zhang), seconded(place.li)
    made = Matter.objects.bulk_create(
        [
            Matter(
                kind=Kind.SECONDMENT, title=f"借用{n}", organizer=first.organizer, submitted_by=first.submitted_by,
                state=State.APPROVED, teacher=place.wang, starts_on=STARTS, ends_on=ENDS, payload={},
            )
            for n in range(3)
        ]
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("UPDATE matters_matter SET state = %s WHERE id = %s", [State.REJECTED, second.pk])
        cursor.execute("UPDATE matters_matter SET teacher_id = NULL WHERE id = %s", [made[0].pk])

    assert {row[0] for row in kept()} == {first.pk, made[1].pk, made[2].pk}
    assert kept() == computed()


def test_a_deleted_secondment_leaves_no_open_row(place):
    matter = seconded(place.zhang)

    Matter.objects.filter(pk=matter.pk).delete()

    assert kept() == set() == computed()


def test_the_migration_fills_the_table_from_the_secondments_already_there(place):
    migration = import_module("jianfu.burden.migrations.0008_open_secondments")
    open_one, closed = seconded(place.zhang), seconded(place.li)
    back(closed, place)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM burden_opensecondment")
        cursor.execute(migration.FILL)

    assert {row[0] for row in kept()} == {open_one.pk}
    assert kept() == computed()
