"""Headers are found by their Chinese names below whatever title rows sit above the table."""

from jianfu.imports.columns import find_header, header_key
from jianfu.imports.records import APPRAISAL
from jianfu.imports.teachers import BASIC


def test_stars_spaces_and_notes_in_brackets_are_not_part_of_a_header():
    assert header_key(" *身份证\n件号（必填） ") == "身份证件号"


def test_the_header_row_is_found_below_title_rows():
    rows = [
        ["2024年教职工基本信息"],
        [],
        ["填报单位：固阳县第一小学"],
        ["序号", "姓名", "身份证件号", "性别"],
        ["1", "王芳"],
    ]

    match = find_header(rows, [BASIC])

    assert (match.row_index, match.positions) == (3, {"name": 1, "id_number": 2, "gender": 3})


def test_a_sheet_is_taken_for_the_table_whose_headers_it_matches_best():
    rows = [["姓名", "身份证件号", "考核年度", "考核结果"]]

    assert find_header(rows, [BASIC, APPRAISAL]).spec is APPRAISAL


def test_a_table_without_a_required_header_is_not_found():
    assert find_header([["姓名", "性别", "民族"]], [BASIC]) is None
