"""The per-school count of active teachers is kept by the database itself, whatever writes the teachers."""

import pytest
from django.db import connection
from django.db.models import Count

from jianfu.registry.models import SchoolHeadcount, Teacher
from tests.factories import SchoolFactory, TeacherFactory

ACTIVE, SECONDED = Teacher.Status.ACTIVE, Teacher.Status.SECONDED


def kept() -> dict[int, int]:
    return {row.school_id: row.active for row in SchoolHeadcount.objects.all() if row.active}


def counted() -> dict[int, int]:
    rows = Teacher.objects.filter(status=ACTIVE).values("school_id").annotate(n=Count("pk"))
    return {row["school_id"]: row["n"] for row in rows}


@pytest.fixture
def two_schools(db):
    first, second = SchoolFactory(), SchoolFactory()
    TeacherFactory.create_batch(3, school=first)
    TeacherFactory(school=first, status=SECONDED)
    TeacherFactory.create_batch(2, school=second)
    return first, second


def test_creating_teachers_counts_the_active_ones_per_school(two_schools):
    first, second = two_schools

    assert kept() == {first.pk: 3, second.pk: 2}


def test_a_teacher_seconded_and_back_leaves_and_rejoins_the_count(two_schools):
    first, second = two_schools
    teacher = Teacher.objects.filter(school=first, status=ACTIVE).first()

    teacher.status = SECONDED
    teacher.save(update_fields=["status"])
    assert kept() == {first.pk: 2, second.pk: 2}

    teacher.status = ACTIVE
    teacher.save(update_fields=["status"])
    assert kept() == {first.pk: 3, second.pk: 2}


def test_a_transfer_moves_the_teacher_between_the_schools_counts(two_schools):
    first, second = two_schools

    Teacher.objects.filter(pk=Teacher.objects.filter(school=first, status=ACTIVE).first().pk).update(
        school=second
    )

    assert kept() == {first.pk: 2, second.pk: 3}


def test_a_bulk_insert_and_a_bulk_update_are_counted(two_schools):
    first, second = two_schools
    template = TeacherFactory.build(school=second)
    fresh = []
    for n in range(4):
        teacher = TeacherFactory.build(school=second, id_lookup=f"bulk-{n}", staff_no=f"B{n}")
        teacher.name = template.name
        fresh.append(teacher)

    Teacher.objects.bulk_create(fresh)
    Teacher.objects.filter(school=first).update(status=ACTIVE)

    assert kept() == {first.pk: 4, second.pk: 6} == counted()


def test_raw_sql_around_the_orm_is_counted_too(two_schools):
    first, second = two_schools
    table = Teacher._meta.db_table

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = %s WHERE school_id = %s", [SECONDED, second.pk])  # noqa: S608
        cursor.execute(f"DELETE FROM {table} WHERE school_id = %s AND status = %s", [first.pk, ACTIVE])  # noqa: S608

    assert kept() == {} == counted()


def test_deleting_teachers_takes_them_out_of_the_count(two_schools):
    first, second = two_schools

    Teacher.objects.filter(school=first).delete()

    assert kept() == {second.pk: 2} == counted()
