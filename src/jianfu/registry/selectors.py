"""Reads of the registry, always through the data scope (accounts.scope)."""

from django.db.models import Count, Q, QuerySet

from jianfu.accounts import scope
from jianfu.registry.idcard import normalize_id_number
from jianfu.registry.models import Department, Region, School, Student, Teacher
from jianfu.registry.protection import lookup_hash


def region_list(*, user) -> QuerySet[Region]:
    return scope.visible_to(user, Region).select_related("parent")


def region_choices_for(*, user) -> QuerySet[Region]:
    """The regions worth offering as a filter: those of the user's area (all of them for city-level users)."""
    return region_list(user=user).filter(code__in=user.area_region_codes, level=Region.Level.COUNTY)


def school_list_visible_to(
    *, user, region_code: str = "", stage: str = "", query: str = ""
) -> QuerySet[School]:
    schools = scope.visible_to(user, School).select_related("region")
    if region_code:
        schools = schools.filter(region__code=region_code)
    if stage:
        schools = schools.filter(stage=stage)
    if query:
        schools = schools.filter(Q(name__icontains=query) | Q(code__startswith=query))
    return schools


def department_list_visible_to(*, user, query: str = "") -> QuerySet[Department]:
    departments = scope.visible_to(user, Department).select_related("region")
    if query:
        departments = departments.filter(name__icontains=query)
    return departments


def id_search_key(raw: str) -> str:
    """The keyed hash to search by when `raw` is a full ID number, else "" (the number itself is never stored)."""
    normalized = normalize_id_number(raw)
    return lookup_hash(normalized) if len(normalized) == 18 else ""


def _people(people: QuerySet, *, school_id: int | None, query: str, id_lookup: str) -> QuerySet:
    if school_id:
        people = people.filter(school_id=school_id)
    if id_lookup:
        people = people.filter(id_lookup=id_lookup)
    if query:
        people = people.filter(name__icontains=query)
    return people


def teacher_list_visible_to(
    *, user, school_id: int | None = None, query: str = "", id_lookup: str = ""
) -> QuerySet[Teacher]:
    teachers = scope.visible_to(user, Teacher).select_related("school", "school__region")
    return _people(teachers, school_id=school_id, query=query, id_lookup=id_lookup)


def student_list_visible_to(
    *, user, school_id: int | None = None, query: str = "", id_lookup: str = ""
) -> QuerySet[Student]:
    students = scope.visible_to(user, Student).select_related("school", "school__region")
    return _people(students, school_id=school_id, query=query, id_lookup=id_lookup)


def access_school_by_id(*, user, school_id) -> School:
    return scope.access_by_id(user, School, school_id)


def access_teacher_by_id(*, user, teacher_id) -> Teacher:
    return scope.access_by_id(user, Teacher, teacher_id)


def access_student_by_id(*, user, student_id) -> Student:
    return scope.access_by_id(user, Student, student_id)


def registry_totals_by_region(*, user) -> list[dict]:
    """Schools, teachers and students per region within the user's scope (the home page summary)."""
    regions = {
        r.code: {"region": r, "schools": 0, "teachers": 0, "students": 0} for r in region_list(user=user)
    }
    rows = [
        ("schools", scope.visible_to(user, School).values("region__code").annotate(n=Count("id"))),
        ("teachers", scope.visible_to(user, Teacher).values("school__region__code").annotate(n=Count("id"))),
        ("students", scope.visible_to(user, Student).values("school__region__code").annotate(n=Count("id"))),
    ]
    for key, counts in rows:
        for row in counts:
            code = row.get("region__code") or row.get("school__region__code")
            regions[code][key] = row["n"]
    return [entry for entry in regions.values() if entry["schools"] or entry["teachers"] or entry["students"]]
