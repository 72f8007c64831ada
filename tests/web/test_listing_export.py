"""A list page's Excel export (web/listing.excel_response) spills its rows into a private directory that is gone
when the build ends, even when it fails half-way: lists of teachers are personal data."""

import os
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jianfu.common.spill import spill_root
from jianfu.web.listing import excel_response

COLUMNS = [("姓名", lambda row: row["name"]), ("学校", lambda row: row["school"])]


def _system_spills() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("openpyxl.")}


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _rows(count: int, *, seen: list, then: Exception | None = None):
    for n in range(count):
        if n == count - 1:
            seen.extend(_files(spill_root()))
        yield {"name": f"教师{n}", "school": "包头市第一中学"}
    if then is not None:
        raise then


def test_an_export_holds_every_row_and_leaves_no_spilled_rows_behind():
    seen, before = [], _system_spills()

    response = excel_response(
        filename="教师.xlsx", title="教师名册", columns=COLUMNS, rows=_rows(3, seen=seen)
    )

    sheet = load_workbook(BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["姓名", "学校"],
        ["教师0", "包头市第一中学"],
        ["教师1", "包头市第一中学"],
        ["教师2", "包头市第一中学"],
    ]
    assert [path.name for path in seen] == ["sheet1.xml"]  # the rows went to the private spill directory
    assert list(spill_root().iterdir()) == []
    assert _system_spills() == before


def test_an_export_that_fails_half_way_leaves_no_half_written_sheet():
    seen, before = [], _system_spills()

    with pytest.raises(RuntimeError):
        excel_response(
            filename="教师.xlsx",
            title="教师名册",
            columns=COLUMNS,
            rows=_rows(3, seen=seen, then=RuntimeError()),
        )

    assert len(seen) == 1
    assert list(spill_root().iterdir()) == []
    assert _system_spills() == before
