"""Files are recognised by their bytes; every sheet reads from its first row with merged cells filled."""

import codecs
import datetime as dt

import pytest

from jianfu.imports import readers
from tests.imports.files import csv_bytes, xls_bytes, xlsx_bytes


def _rows(data: bytes, sheet: int = 0) -> list[tuple[int, list]]:
    return list(readers.open_workbook(data).sheets[sheet].rows())


def test_an_xlsx_is_recognised_by_its_content():
    assert readers.sniff(xlsx_bytes({"基本信息": [["姓名"]]})) == readers.XLSX


def test_an_xls_is_recognised_by_its_content():
    assert readers.sniff(xls_bytes({"基本信息": [["姓名"]]})) == readers.XLS


def test_a_pdf_is_refused_whatever_its_name():
    with pytest.raises(readers.ReadError) as refused:
        readers.sniff(b"%PDF-1.7\n\x00\x01binary")

    assert str(refused.value) == "只能导入Excel文件（.xlsx、.xls）或CSV文件（UTF-8或GB18030编码）"


def test_a_zip_that_is_no_workbook_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "echo")

    with pytest.raises(readers.ReadError) as refused:
        readers.sniff(buffer.getvalue())

    assert str(refused.value) == "只能导入Excel文件（.xlsx、.xls）或CSV文件（UTF-8或GB18030编码）"


def test_an_empty_file_is_refused():
    with pytest.raises(readers.ReadError) as refused:
        readers.sniff(b"")

    assert str(refused.value) == "文件为空"


def test_a_vertically_merged_xlsx_cell_is_read_in_every_row_it_covers():
    data = xlsx_bytes({"基本信息": [["学校标识码", "姓名"], ["2115000001", "甲"], [None, "乙"], [None, "丙"]]},
                      merges={"基本信息": ["A2:A4"]})  # fmt: skip

    rows = _rows(data)

    assert [cells[0] for _number, cells in rows[1:]] == ["2115000001", "2115000001", "2115000001"]


def test_a_merged_title_row_spreads_across_its_width():
    data = xlsx_bytes(
        {"基本信息": [["教职工基本信息"], ["姓名", "性别", "民族"]]}, merges={"基本信息": ["A1:C1"]}
    )

    assert _rows(data)[0] == (1, ["教职工基本信息", "教职工基本信息", "教职工基本信息"])


def test_xls_merged_cells_and_dates_are_read():
    data = xls_bytes(
        {
            "基本信息": [
                ["学校标识码", "出生日期"],
                ["2115000001", dt.date(1986, 4, 12)],
                [None, dt.date(1990, 1, 2)],
            ]
        },
        merges={"基本信息": [(1, 2, 0, 0)]},
    )

    rows = _rows(data)

    assert rows[1:] == [(2, ["2115000001", dt.date(1986, 4, 12)]), (3, ["2115000001", dt.date(1990, 1, 2)])]


def test_a_gb18030_csv_is_decoded():
    data = csv_bytes([["姓名", "民族"], ["王芳", "蒙古族"]], encoding="gb18030")

    assert _rows(data) == [(1, ["姓名", "民族"]), (2, ["王芳", "蒙古族"])]


def test_a_utf8_csv_with_a_byte_order_mark_is_decoded():
    data = codecs.BOM_UTF8 + csv_bytes([["姓名"], ["王芳"]])

    assert _rows(data) == [(1, ["姓名"]), (2, ["王芳"])]


def test_excel_unicode_text_is_read_as_tab_separated():
    data = "姓名\t民族\r\n王芳\t汉族\r\n".encode("utf-16")

    assert _rows(data) == [(1, ["姓名", "民族"]), (2, ["王芳", "汉族"])]


def test_a_csv_whose_encoding_breaks_later_is_refused_near_the_place():
    data = ("姓名\n" + "王芳\n" * 200_000).encode("utf-8") + "李明\n".encode("gb18030")

    with pytest.raises(readers.ReadError) as refused:
        _rows(data)

    message = str(refused.value)
    row = int(message.removeprefix("第").partition("行")[0])
    # The decoder reads ahead in blocks of a few kilobytes: the row is the one being read when the block failed.
    assert (message.partition("行")[2], 200_002 - 2_000 <= row <= 200_002) == (
        "附近的内容不是UTF-8编码，文件无法读取",
        True,
    )
