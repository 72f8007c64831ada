"""Whatever the file, the importer neither crashes nor leaves a partial import: it writes every row or none."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianfu.registry.models import Teacher
from tests.imports.conftest import CODE_A, CODE_B, import_file
from tests.imports.files import TEACHER_HEADERS, csv_bytes, teacher_row, xlsx_bytes

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co"))
JUNK = st.one_of(
    st.none(),
    st.text(_PRINTABLE, max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["", "  ", "２０１９．０９", "2019.1", "男性", "01", "X", "00000000000000000X", "=1+1", "2019-02-30"]
    ),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1)),
)


@st.composite
def teacher_files(draw) -> bytes:
    """Valid rows with some cells replaced by anything, columns dropped or shuffled, title rows above, duplicates,
    in CSV (UTF-8 or GB18030) or .xlsx, sometimes cut short."""
    rows = []
    for index in range(draw(st.integers(min_value=0, max_value=6))):
        birth = draw(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2000, 12, 31)))
        row = teacher_row(draw(st.sampled_from([CODE_A, CODE_B])), name=f"教师{'甲乙丙丁戊己'[index]}", birth=birth,
                          male=draw(st.booleans()))  # fmt: skip
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            for header in draw(st.sets(st.sampled_from(TEACHER_HEADERS), min_size=1, max_size=3)):
                row[header] = draw(JUNK)
        rows.append(row)
    if rows and draw(st.booleans()):
        rows.append({**draw(st.sampled_from(rows)), "姓名": "重复"})
    headers = draw(st.permutations(TEACHER_HEADERS))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        headers = headers[: draw(st.integers(min_value=0, max_value=len(headers)))]
    cells = [list(headers), *([row.get(header) for header in headers] for row in rows)]
    above = draw(st.lists(st.lists(st.text(_PRINTABLE, max_size=10), max_size=3), max_size=2))
    kind = draw(st.sampled_from(["utf-8", "gb18030", "xlsx"]))
    if kind == "xlsx":
        data = xlsx_bytes({draw(st.sampled_from(["基本信息", "Sheet1"])): [*above, *cells]})
    else:
        text_cells = [["" if value is None else str(value) for value in row] for row in [*above, *cells]]
        data = csv_bytes(text_cells, encoding="utf-8").decode().encode(kind, errors="replace")
    if draw(st.integers(min_value=0, max_value=19)) == 0:
        # Cut at a drawn share of the length: an .xlsx carries its creation time, so its length may differ by a
        # byte between replays, and a draw bounded by the length would make hypothesis's replay inconsistent.
        data = data[: len(data) * draw(st.integers(min_value=0, max_value=1000)) // 1000]
    return data


def _registry() -> list[tuple]:
    return list(Teacher.objects.order_by("pk").values_list())


@pytest.mark.django_db
@PROPERTY
@given(data=teacher_files())
def test_an_import_writes_every_row_or_none(schools, data):
    before = _registry()

    outcome = import_file(data)

    if outcome.status == "done":
        assert outcome.error_count == 0
        assert outcome.created + outcome.updated + outcome.unchanged == outcome.rows
        assert Teacher.objects.count() == len(before) + outcome.created
    else:
        assert _registry() == before


@pytest.mark.django_db
@PROPERTY
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_the_importer_nor_write_anything(schools, data):
    before = _registry()

    outcome = import_file(data)

    assert (outcome.status in ("done", "rejected", "failed"), outcome.created) == (True, 0)
    assert _registry() == before
