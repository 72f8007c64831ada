"""What teacher and student tables share: the identity columns (document type and number; birth date and gender
checked against a resident ID number), the school each row belongs to, duplicates inside the file, and the
protected form of the number (AES-GCM cipher, keyed hash, masked) that the registry stores.
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jianfu.imports.columns import Column, Plan, Problem
from jianfu.imports.normalize import (
    ETHNICITY,
    GENDER,
    ID_TYPES,
    RESIDENT_ID_TYPE,
    Invalid,
    coded,
    compact,
    full_date,
    other_id,
    person_name,
    resident_id,
    text,
)
from jianfu.registry.idcard import mask_id_number
from jianfu.registry.models import Gender
from jianfu.registry.protection import protect_many


def school_code(raw) -> str:
    value = compact(raw)
    if not (len(value) == 10 and value.isascii() and value.isdigit()):
        raise Invalid(f"学校标识码“{text(raw)}”应为10位数字")
    return value


def _as_given(raw):
    return raw  # checked with the document type, in PeopleTable.check


SCHOOL = Column("school_code", "学校标识码", school_code, aliases=("学校代码", "学校识别码", "学校标识"))
NAME = Column("name", "姓名", person_name, required=True, cached=False)
GENDER_COLUMN = Column("gender", "性别", coded(GENDER, "性别"))
ID_TYPE = Column(
    "id_type", "身份证件类型", coded(ID_TYPES, "身份证件类型"), aliases=("证件类型",), blank=RESIDENT_ID_TYPE
)
ID_NUMBER = Column(
    "id_number",
    "身份证件号",
    _as_given,
    aliases=("身份证件号码", "身份证号", "身份证号码", "证件号码", "证件号", "公民身份号码"),
    required=True,
    cached=False,
)
BIRTH_DATE = Column("birth_date", "出生日期", full_date)
ETHNICITY_COLUMN = Column("ethnicity", "民族", coded(ETHNICITY, "民族"))

_CHECK_INDEX = "0123456789X"
_MALE, _FEMALE = Gender.MALE.value, Gender.FEMALE.value


@dataclass(frozen=True)
class Target:
    """The schools an import may write to: those of the importer, or the one school the whole file is for."""

    allowed: Mapping[str, int]  # school code -> id
    known: Mapping[str, str]  # every school code -> name, to tell "no such school" from "not yours"
    fixed: tuple[int, str] | None = None  # (id, code)
    allowed_ids: frozenset[int] = field(init=False)

    def __post_init__(self):
        ids = set(self.allowed.values()) | ({self.fixed[0]} if self.fixed else set())
        object.__setattr__(self, "allowed_ids", frozenset(ids))


# A row that passed every check, as PeopleTable.check returns it: (row number, key, values by model field, ID
# number); and as PeopleTable.seal turns it into a Person: (row number, key, *the model's row), the ID number
# replaced by its cipher, keyed hash and mask. A Person is one flat tuple of plain values, which the garbage collector
# stops tracking at its first look (a nested tuple would take it two): objects that live until their chunk is
# written would otherwise make each of its full collections walk them all (a tenth of the import's time).
Checked = tuple[int, Any, dict[str, Any], str]
Person = tuple


def shown_id(raw) -> str:
    """An ID number as an error report may show it: masked, even when it is wrong."""
    value = compact(raw).upper()
    return mask_id_number(value) if len(value) >= 8 else value


class PeopleTable:
    """Checks the rows of a teacher or student table; subclasses add their own cross-field checks."""

    def __init__(self, plan: Plan, target: Target, *, keep_names: bool = False):
        self.plan = plan
        self.target = target
        self.present = plan.present
        self.seen: dict[Any, int] = {}  # ID key -> first row number
        self.names: dict[Any, tuple[str, str]] | None = {} if keep_names else None  # key -> (name, lookup)
        self._births: dict[str, dt.date] = {}

    def missing_columns(self) -> list[str]:
        missing = []
        if self.target.fixed is None and "school_code" not in self.present:
            missing.append(SCHOOL.header)
        return missing

    def identity_checks(self, number: str, values: dict[str, Any], problems: list[Problem]) -> None:
        """Checks of a subclass against the (valid, normalised) ID number."""

    def extra_checks(self, values: dict[str, Any], problems: list[Problem]) -> None:
        """Cross-field checks of a subclass."""

    def check(self, row: int, cells: Sequence) -> tuple[Checked | None, list[Problem]]:
        values, problems = self.plan.read(cells)
        identity = self._identity(values, problems, row)
        self._school(values, problems)
        self.extra_checks(values, problems)
        if problems or identity is None:
            return None, problems
        number, key = identity
        return (row, key, values, number), problems

    def seal(self, checked: list[Checked], *, lay_out: Callable[[dict[str, Any]], tuple]) -> list[Person]:
        """Encrypt, hash and mask the ID numbers of checked rows (protection.protect_many); `lay_out` turns each
        row's values into the model's row (PeopleWriter.lay_out), which the Person carries after its number and key."""
        names = self.names
        people = []
        numbers = [number for _row, _key, _values, number in checked]
        for (row, key, values, _number), sealed in zip(checked, protect_many(numbers), strict=True):
            values["id_cipher"] = sealed.cipher
            values["id_lookup"] = sealed.lookup
            values["id_masked"] = sealed.masked
            if names is not None:
                names[key] = (values["name"], sealed.lookup)
            people.append((row, key, *lay_out(values)))
        return people

    def forget(self, key) -> None:
        """A row turned down after its check (its person belongs to another importer)."""
        if self.names is not None:
            self.names.pop(key, None)

    @staticmethod
    def key_of(raw, id_type: str) -> tuple[str, int | str]:
        """The checked number and the key that tells people apart within the file: an int for resident numbers,
        which keeps the memory of a million rows small; the document type and number as text for the others (not
        a tuple, which would keep a sealed Person tracked by the garbage collector)."""
        if id_type == RESIDENT_ID_TYPE:
            number = resident_id(raw)
            return number, int(number[:17]) * 11 + _CHECK_INDEX.index(number[17])
        number = other_id(raw)
        return number, f"{id_type}:{number}"

    def _identity(self, values: dict[str, Any], problems: list[Problem], row: int) -> tuple[str, Any] | None:
        raw = values.pop("id_number", None)
        if raw is None:
            return None
        id_type = values.get("id_type", RESIDENT_ID_TYPE)
        resident = id_type == RESIDENT_ID_TYPE
        try:
            number, key = self.key_of(raw, id_type)
        except Invalid as exc:
            problems.append(Problem(ID_NUMBER.header, shown_id(raw), str(exc)))
            return None
        first = self.seen.get(key)
        if first is not None:
            problems.append(
                Problem(ID_NUMBER.header, mask_id_number(number), f"与第{first}行的身份证件号重复")
            )
            return None
        self.seen[key] = row
        self.identity_checks(number, values, problems)
        if resident:
            self._consistent(number, values, problems)
        else:
            for column in (BIRTH_DATE, GENDER_COLUMN):
                if column.key not in self.present:
                    problems.append(
                        Problem(column.header, "", f"证件不是居民身份证时须有“{column.header}”列")
                    )
        return number, key

    def _consistent(self, number: str, values: dict[str, Any], problems: list[Problem]) -> None:
        digits = number[6:14]
        birth = self._births.get(digits)
        if birth is None:
            birth = self._births[digits] = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        gender = _MALE if number[16] in "13579" else _FEMALE
        given = values.get("birth_date")  # None: no such column, or a bad cell (reported already)
        if given is None:
            if "birth_date" not in self.present:
                values["birth_date"] = birth
        elif given != birth:
            problems.append(
                Problem(
                    BIRTH_DATE.header,
                    given.isoformat(),
                    f"与身份证件号中的出生日期（{birth.isoformat()}）不一致",
                )
            )
        given = values.get("gender")
        if given is None:
            if "gender" not in self.present:
                values["gender"] = gender
        elif given != gender:
            problems.append(
                Problem(
                    GENDER_COLUMN.header,
                    Gender(given).label,
                    f"与身份证件号中的性别（{Gender(gender).label}）不一致",
                )
            )

    def _school(self, values: dict[str, Any], problems: list[Problem]) -> None:
        code = values.pop("school_code", None)
        fixed = self.target.fixed
        if fixed is not None:
            if code is not None and code != fixed[1]:
                problems.append(Problem(SCHOOL.header, code, f"与您所在学校的学校标识码（{fixed[1]}）不符"))
            values["school_id"] = fixed[0]
            return
        if code is None:
            return  # blank: reported by the column as 不能为空
        school_id = self.target.allowed.get(code)
        if school_id is not None:
            values["school_id"] = school_id
        elif code in self.target.known:
            problems.append(
                Problem(SCHOOL.header, code, f"学校“{self.target.known[code]}”不在您的管理范围内")
            )
        else:
            problems.append(Problem(SCHOOL.header, code, "没有这个学校标识码的学校"))
