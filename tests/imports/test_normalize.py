"""Cell values made clean: full-width and spaces, dates in every form the exports use, yes/no, codes, ID numbers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianfu.imports import normalize
from jianfu.imports.normalize import Invalid
from jianfu.registry.idcard import check_character


def _reason(parse) -> str:
    with pytest.raises(Invalid) as refused:
        parse()
    return str(refused.value)


def test_full_width_characters_and_ideographic_spaces_become_plain_text():
    assert normalize.text("\u3000ＡＢＣ　１２３\xa0") == "ABC 123"


def test_a_whole_number_typed_into_excel_loses_its_decimal_point():
    assert normalize.text(12.0) == "12"


def test_spaces_inside_a_name_are_removed():
    assert normalize.person_name("张　 三") == "张三"


def test_the_middle_dot_of_a_transliterated_name_is_unified():
    assert normalize.person_name("阿依古丽.买买提") == "阿依古丽·买买提"


def test_a_name_with_digits_is_refused():
    assert _reason(lambda: normalize.person_name("王芳2")) == "姓名“王芳2”含有数字或符号"


@pytest.mark.parametrize(
    "raw",
    [
        "2019-09-01",
        "2019/9/1",
        "2019.09.01",
        "2019年9月1日",
        "２０１９年９月１日",
        "20190901",
        20190901,
        "2019-09-01 00:00:00",
        43709,
        43709.0,
        "43709",
        dt.datetime(2019, 9, 1),
        dt.date(2019, 9, 1),
    ],
)
def test_every_way_the_exports_write_a_date_is_read(raw):
    assert normalize.full_date(raw) == dt.date(2019, 9, 1)


@pytest.mark.parametrize(
    "raw", ["2019.09", "2019.9", "2019年9月", "201909", "2019-09", "2019/09", 2019.09, "２０１９．０９"]
)
def test_a_year_and_month_is_kept_as_the_first_of_the_month(raw):
    assert normalize.month_date(raw) == dt.date(2019, 9, 1)


def test_a_full_date_in_a_month_column_keeps_only_its_month():
    assert normalize.month_date("2019-09-17") == dt.date(2019, 9, 1)


def test_a_month_typed_as_a_number_ending_in_1_is_ambiguous():
    assert (
        _reason(lambda: normalize.month_date(2019.1))
        == "“2019.1”既可能是1月也可能是10月，请写成2019-01或2019-10"
    )


def test_a_year_alone_is_not_a_month():
    assert _reason(lambda: normalize.month_date("2019")) == "“2019”只有年份，缺少月份"


def test_a_birth_date_needs_its_day():
    assert _reason(lambda: normalize.full_date("2019.09")) == "日期“2019.09”缺少日"


def test_an_impossible_date_is_refused():
    assert _reason(lambda: normalize.full_date("2019-02-30")) == "日期“2019-02-30”不存在"


def test_a_future_date_is_refused():
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    assert (
        _reason(lambda: normalize.full_date(tomorrow.isoformat())) == f"日期“{tomorrow.isoformat()}”晚于今天"
    )


def test_text_that_is_no_date_is_refused_with_the_expected_forms():
    assert (
        _reason(lambda: normalize.full_date("九月"))
        == "无法识别的日期“九月”（应为如2019-09-01、2019.09或2019年9月的日期）"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2023—2024学年", "2023-2024"), ("2023-24", "2023-2024"), ("2023/2024", "2023-2024")],
)
def test_a_school_year_is_written_as_two_years(raw, expected):
    assert normalize.school_year(raw) == expected


def test_a_school_year_must_be_two_consecutive_years():
    assert _reason(lambda: normalize.school_year("2023-2025")) == "学年“2023-2025”应写成如2023-2024"


@pytest.mark.parametrize(("raw", "expected"), [("男", "1"), ("女", "2"), ("1", "1"), ("2", "2"), ("Ｆ", "2")])
def test_gender_is_read_from_names_and_codes(raw, expected):
    assert normalize.coded(normalize.GENDER, "性别")(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("汉", "汉族"), ("02", "蒙古族"), ("2", "蒙古族"), ("达斡尔族", "达斡尔族")]
)
def test_ethnicity_is_read_from_names_and_gb3304_codes(raw, expected):
    assert normalize.coded(normalize.ETHNICITY, "民族")(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("01", "中共党员"), ("中国共产党党员", "中共党员"), ("13", "群众")]
)
def test_political_status_is_kept_by_its_short_name(raw, expected):
    assert normalize.coded(normalize.POLITICAL_STATUS, "政治面貌")(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("大学本科", "本科"), ("21", "本科"), ("大专", "专科"), ("硕士", "硕士研究生")]
)
def test_education_is_kept_by_the_registry_names(raw, expected):
    assert normalize.coded(normalize.EDUCATION, "学历")(raw) == expected


def test_an_unknown_code_is_refused_with_what_it_should_be():
    assert (
        _reason(lambda: normalize.coded(normalize.POLITICAL_STATUS, "政治面貌")("党外"))
        == "无法识别的政治面貌“党外”"
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [("小学高级教师", "一级教师"), ("中学高级教师", "高级教师"), ("讲师", "讲师")]
)
def test_old_school_titles_are_mapped_to_the_unified_series(raw, expected):
    assert normalize.professional_title(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("是", True), ("否", False), ("Y", True), (0, False), (True, True)]
)
def test_yes_and_no_are_read_in_their_usual_forms(raw, expected):
    assert normalize.yes_no(raw) is expected


def test_an_id_number_that_excel_kept_as_a_number_is_refused():
    assert _reason(lambda: normalize.resident_id(1.50299198503140e17)) == (
        "身份证件号被Excel存成了数字，末几位已经丢失；请把该列设为“文本”格式后重新导出"
    )


def test_an_id_number_with_full_width_digits_and_a_small_x_is_normalised():
    assert normalize.resident_id("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"


def test_a_wrong_check_character_is_refused_with_the_registry_reason():
    assert _reason(lambda: normalize.resident_id("110105194912310021")) == (
        "身份证件号校验码错误（末位应为根据前17位计算的校验码）"
    )


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_fast_check_character_equals_the_registry_one(first17):
    assert normalize.fast_check_character(first17) == check_character(first17)
