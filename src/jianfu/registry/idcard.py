"""Resident identity numbers (GB 11643-1999): validation by the ISO 7064 MOD 11-2 check character, and masking."""

import datetime as dt
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# Province-level prefixes of GB/T 2260 (including 71/81/82 for Taiwan, Hong Kong and Macao).
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＸ", "0123456789XXX")


class InvalidIdNumber(ValueError):
    """An ID number that fails validation; the message is Chinese and names what is wrong."""


@dataclass(frozen=True)
class IdNumber:
    value: str

    @property
    def birth_date(self) -> dt.date:
        return dt.date(int(self.value[6:10]), int(self.value[10:12]), int(self.value[12:14]))

    @property
    def gender_code(self) -> str:
        """GB/T 2261.1: '1' male, '2' female, from the parity of the sequence code."""
        return "1" if int(self.value[16]) % 2 == 1 else "2"

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)


def check_character(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalize_id_number(raw: str) -> str:
    """Strip spaces, turn full-width digits half-width and a lower-case x upper-case."""
    return "".join(str(raw).translate(_FULLWIDTH).split()).upper()


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate an 18-character resident ID number; raise InvalidIdNumber with a Chinese reason."""
    value = normalize_id_number(raw)
    if len(value) != 18:
        raise InvalidIdNumber(f"身份证件号应为18位，实际为{len(value)}位")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise InvalidIdNumber("身份证件号前17位须为数字，末位为数字或X")
    if value[:2] not in _PROVINCES:
        raise InvalidIdNumber(f"身份证件号的省级行政区划代码“{value[:2]}”不存在")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise InvalidIdNumber(f"身份证件号中的出生日期“{value[6:14]}”不是有效日期") from exc
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise InvalidIdNumber(f"身份证件号中的出生日期“{value[6:14]}”超出合理范围")
    expected = check_character(value[:17])
    if value[17] != expected:
        raise InvalidIdNumber("身份证件号校验码错误（末位应为根据前17位计算的校验码）")
    return IdNumber(value)


def mask_id_number(value: str) -> str:
    """Show the first three and last four characters only, as is usual for displayed ID numbers."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
