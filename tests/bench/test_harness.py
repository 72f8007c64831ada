"""The benchmark harness's table, verdicts and JSON file (bench/harness.py, plain logic)."""

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "bench_harness", Path(__file__).resolve().parents[2] / "bench" / "harness.py"
)
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)
Row = harness.Row


def _rows():
    return [
        Row(
            "teacher import, 100,000 rows", "9,000 rows/s", "COPY 20,000 rows/s", 0.45, ">= 0.5 x COPY", False
        ),
        Row("screening p95", "2.49 ms", "catalog only 0.55 ms", 4.5, "<= 10 ms", True),
        Row("import peak RSS", "270 MB"),
    ]


def test_verdicts():
    rows = _rows()
    assert [row.result for row in rows] == ["FAIL", "PASS", "INFO"]
    assert harness.summary(rows) == "1 PASS, 1 FAIL, 1 for information"


def test_ratio_without_a_baseline():
    assert harness.ratio(3, 2) == 1.5
    assert harness.ratio(3, 0) is None


def test_table_has_one_line_per_row_and_aligned_columns():
    lines = harness.format_table(_rows()).splitlines()
    assert lines[0].split() == ["workload", "ours", "baseline", "ratio", "target", "result"]
    assert set(lines[1]) == {"-"}
    assert len(lines) == 2 + 3
    assert lines[2].endswith("FAIL") and " 0.45 " in lines[2]
    assert lines[4].rstrip().endswith("INFO") and " - " in lines[4]
    # Right-aligned figures end in the same column as their heading.
    ends = {lines[0].index("ours") + 4, lines[2].index("rows/s") + 6, lines[3].index(" ms") + 3}
    assert len(ends) == 1


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert harness.percentile(values, 0.5) == 51.0
    assert harness.percentile(values, 0.95) == 95.0
    assert harness.percentile([7.0], 0.99) == 7.0
    with pytest.raises(ValueError):
        harness.percentile([], 0.5)


def test_json_file(tmp_path):
    when = dt.datetime(2026, 11, 27, 18, 5, 9, tzinfo=dt.UTC)
    path = harness.write_json(_rows(), {"scale": "city"}, tmp_path / "bench", now=when)
    assert path.name == "results-20261127-180509.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["scale"] == "city"
    assert [row["result"] for row in data["rows"]] == ["FAIL", "PASS", "INFO"]
    assert data["rows"][0]["ratio"] == 0.45
