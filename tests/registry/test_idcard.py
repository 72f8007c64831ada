"""Resident ID numbers: the MOD 11-2 check character, dates, lengths, normalisation and masking."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianfu.registry.idcard import InvalidIdNumber, check_character, mask_id_number, parse_id_number

# The example of GB 11643-1999's annex: 11010519491231002 has the check character X.
STANDARD_EXAMPLE = "11010519491231002X"


def test_the_standard_example_is_valid():
    parsed = parse_id_number(STANDARD_EXAMPLE)

    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender_code == "2"


def test_check_character_of_the_standard_example_is_x():
    assert check_character("11010519491231002") == "X"


def test_check_character_of_a_synthetic_number_is_computed_by_the_weights():
    # 1*7+5*9+0*10+2*5+9*8+9*4+1*2+9*1+8*6+5*3+0*7+3*9+1*10+4*5+0*8+0*4+1*2 = 303; 303 % 11 = 6 -> "6"
    assert check_character("15029919850314001") == "6"


def test_a_lower_case_x_and_full_width_digits_are_normalised():
    assert parse_id_number("１１０１０５１９４９１２３１００２ｘ").value == STANDARD_EXAMPLE
    assert parse_id_number(" 11010519491231002x ").value == STANDARD_EXAMPLE


@pytest.mark.parametrize("wrong", ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
def test_every_wrong_check_character_is_rejected(wrong):
    with pytest.raises(InvalidIdNumber, match="校验码错误"):
        parse_id_number("11010519491231002" + wrong)


def test_a_single_changed_digit_is_caught_by_the_check_character():
    with pytest.raises(InvalidIdNumber, match="校验码错误"):
        parse_id_number("11010519491231003X")


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("15029919850230001X", "出生日期“19850230”不是有效日期"),  # February 30th
        ("150299198513010015", "出生日期“19851301”不是有效日期"),  # month 13
        ("150299189912310015", "超出合理范围"),  # before 1900
        ("150299209912310015", "超出合理范围"),  # in the future
    ],
)
def test_impossible_birth_dates_are_rejected_with_the_date_named(number, reason):
    with pytest.raises(InvalidIdNumber, match=reason):
        parse_id_number(number, today=dt.date(2026, 11, 27))


@pytest.mark.parametrize(
    ("number", "length"),
    [("1101051949123100", 16), ("11010519491231002X1", 19), ("", 0), ("110105491231002", 15)],
)
def test_wrong_lengths_are_rejected_with_the_actual_length(number, length):
    with pytest.raises(InvalidIdNumber, match=f"应为18位，实际为{length}位"):
        parse_id_number(number)


def test_letters_inside_the_number_are_rejected():
    with pytest.raises(InvalidIdNumber, match="前17位须为数字"):
        parse_id_number("1101051949A231002X")


def test_an_unknown_province_code_is_rejected():
    first17 = "99010519491231002"
    with pytest.raises(InvalidIdNumber, match="省级行政区划代码“99”不存在"):
        parse_id_number(first17 + check_character(first17))


def test_masking_keeps_the_first_three_and_last_four_characters():
    assert mask_id_number(STANDARD_EXAMPLE) == "110***********002X"


@given(
    birth=st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2020, 12, 31)),
    order=st.integers(min_value=0, max_value=999),
)
def test_any_number_built_with_its_check_character_is_valid(birth, order):
    first17 = f"150299{birth:%Y%m%d}{order:03d}"

    parsed = parse_id_number(first17 + check_character(first17), today=dt.date(2026, 11, 27))

    assert parsed.birth_date == birth
    assert parsed.gender_code == ("1" if order % 2 else "2")
