"""The field dictionary (catalogs/field-dictionary.toml): every registry field, its source, owner and freshness;
ID numbers only ever masked; names matched whatever their width, case or trailing colon."""

import datetime as dt

import pytest

from jianfu.datahub import dictionary
from jianfu.datahub.dictionary import DictionaryError, load, normalise, read_value
from jianfu.policy.context import STUDENT_REGISTRY_FIELDS, TEACHER_REGISTRY_FIELDS
from jianfu.registry.models import Student, Teacher
from tests.factories import StudentFactory, TeacherFactory

# Model columns that are not fields of a person: the row id, the ciphertext and the keyed hash of the ID number.
NOT_FIELDS = {"id", "id_cipher", "id_lookup"}


def _columns(model) -> set[str]:
    return {field.name for field in model._meta.concrete_fields} - NOT_FIELDS


def _read_roots(population: str) -> set[str]:
    roots = set()
    for entry in dictionary.current().for_population(population):
        root = entry.read.removeprefix("display:").split(".")[0]
        roots.add(
            {"id_masked": "id_masked", "registry_no_masked": "id_masked", "age": "birth_date"}.get(root, root)
        )
    return roots


@pytest.mark.parametrize(("model", "population"), [(Teacher, "teachers"), (Student, "students")])
def test_the_dictionary_lists_every_field_of_the_registry_models(model, population):
    assert _columns(model) <= _read_roots(population)


@pytest.mark.parametrize(
    ("names", "population"), [(TEACHER_REGISTRY_FIELDS, "teachers"), (STUDENT_REGISTRY_FIELDS, "students")]
)
def test_every_field_the_screening_calls_held_is_held_in_the_dictionary(names, population):
    unmatched = sorted(name for name in names if dictionary.current().match(name, population) is None)

    assert unmatched == []


def test_every_entry_names_its_source_owner_freshness_and_personal_data_class():
    book = dictionary.current()

    assert book.version == "baotou-2026.1"
    assert len(book.entries) == 34
    for entry in book.entries:
        assert entry.source_label in book.sources.values()
        assert entry.owner and entry.freshness
        assert entry.class_label in book.classes.values()


def test_id_numbers_are_sensitive_and_read_only_masked(db):
    teacher = TeacherFactory(id_number="150222198503140011")
    student = StudentFactory(id_number="150222201605020024")
    book = dictionary.current()
    today = dt.date(2026, 5, 1)

    sensitive = [entry.code for entry in book.entries if entry.masked]

    assert sensitive == ["teacher.id_number", "student.id_number", "student.registry_no"]
    assert read_value(book.by_code("teacher.id_number"), teacher, today=today) == "150***********0011"
    assert read_value(book.by_code("student.registry_no"), student, today=today) == "G150***********0024"


def test_values_are_read_as_the_registry_shows_them(db):
    teacher = TeacherFactory(gender="2", birth_date=dt.date(1985, 3, 14), is_backbone=True)
    book = dictionary.current()

    def value(code, today=dt.date(2026, 3, 13)):
        return read_value(book.by_code(code), teacher, today=today)

    assert value("teacher.gender") == "女"
    assert value("teacher.status") == "在岗"
    assert value("teacher.school") == teacher.school.name
    assert value("teacher.is_backbone") is True
    assert (value("teacher.age"), value("teacher.age", dt.date(2026, 3, 14))) == (40, 41)


def test_a_name_matches_whatever_its_width_case_or_trailing_colon():
    book = dictionary.current()

    assert normalise(" 身份证号： ") == "身份证号"
    assert book.match("身份证号：", "teachers").code == "teacher.id_number"
    assert book.match("ＩＤ_Number", "teachers").code == "teacher.id_number"
    assert book.match("teacher.professional_title", "teachers").label == "现任专业技术职务"
    assert book.match("职称", "students") is None


def test_a_name_given_to_two_fields_is_refused_when_the_dictionary_loads(tmp_path):
    text = dictionary.DICTIONARY_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(
        text.replace('aliases = ["工号", "职工号"]', 'aliases = ["工号", "职称"]'), encoding="utf-8"
    )

    with pytest.raises(DictionaryError) as refused:
        load(broken)

    assert str(refused.value) == "'职称' names both teacher.staff_no and teacher.professional_title"


def test_a_sensitive_field_read_unmasked_is_refused_when_the_dictionary_loads(tmp_path):
    text = dictionary.DICTIONARY_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('read = "id_masked"', 'read = "id_cipher"', 1), encoding="utf-8")

    with pytest.raises(DictionaryError) as refused:
        load(broken)

    assert str(refused.value) == "teacher.id_number: a sensitive field is only ever read masked"
