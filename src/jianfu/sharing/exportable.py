"""The student fields an export may carry, labelled as the registry labels them (registry.models.Student).

The ID number is special: masked unless the approval allows otherwise (then decrypted, registry.protection).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from jianfu.registry.models import Student
from jianfu.registry.protection import reveal

ID_NUMBER = "id_number"
TYPICAL = ("name", "class_name")  # what most requests need: who, in which class


def _label(name: str) -> str:
    return str(Student._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class ExportField:
    key: str
    label: str
    read: Callable[[Student], Any]
    needs_school: bool = False


FIELDS: tuple[ExportField, ...] = (
    ExportField("school", _label("school"), lambda s: s.school.name, needs_school=True),
    ExportField("name", _label("name"), lambda s: s.name),
    ExportField("gender", _label("gender"), lambda s: s.get_gender_display()),
    ExportField(ID_NUMBER, _label("id_masked"), lambda s: s.id_masked),
    ExportField("birth_date", _label("birth_date"), lambda s: s.birth_date),
    ExportField("ethnicity", _label("ethnicity"), lambda s: s.ethnicity),
    ExportField("grade", _label("grade"), lambda s: s.grade),
    ExportField("class_name", _label("class_name"), lambda s: s.class_name),
    ExportField("enrolled_on", _label("enrolled_on"), lambda s: s.enrolled_on),
    ExportField("status", _label("status"), lambda s: s.get_status_display()),
)
BY_KEY = {field.key: field for field in FIELDS}
KEYS = tuple(BY_KEY)


def ordered(keys: Sequence[str]) -> list[str]:
    """The known keys among `keys`, once each, in the catalog's order."""
    chosen = set(keys)
    return [key for key in KEYS if key in chosen]


def labels(keys: Sequence[str]) -> list[str]:
    return [BY_KEY[key].label for key in ordered(keys)]


def columns(keys: Sequence[str], *, unmasked_id: bool) -> list[tuple[str, Callable[[Student], Any]]]:
    """(label, reader) for each chosen field; the ID number decrypted only when `unmasked_id`."""
    result = []
    for key in ordered(keys):
        field = BY_KEY[key]
        read = (lambda s: reveal(s.id_cipher)) if key == ID_NUMBER and unmasked_id else field.read
        result.append((field.label, read))
    return result
