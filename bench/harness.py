"""Shared pieces of the benchmark harness: one row per workload, its verdict, the printed table and the JSON file.

Plain logic only (no Django), so tests/bench/ can load it on its own.
"""

import dataclasses
import datetime as dt
import json
import resource
from pathlib import Path

PASS, FAIL, INFO = "PASS", "FAIL", "INFO"
COLUMNS = (
    ("workload", "<"),
    ("ours", ">"),
    ("baseline", ">"),
    ("ratio", ">"),
    ("target", "<"),
    ("result", "<"),
)


@dataclasses.dataclass
class Row:
    """One workload: our figure, the baseline measured in the same run, their ratio, the target and the verdict."""

    workload: str
    ours: str
    baseline: str = "-"
    ratio: float | None = None
    target: str = "-"
    passed: bool | None = None  # None: printed for information, no target
    figures: dict = dataclasses.field(default_factory=dict)  # the raw numbers, for the JSON file

    @property
    def result(self) -> str:
        if self.passed is None:
            return INFO
        return PASS if self.passed else FAIL


def ratio(ours: float, baseline: float) -> float | None:
    """ours / baseline, or None when the baseline is zero."""
    return ours / baseline if baseline else None


def _cells(row: Row) -> list[str]:
    shown_ratio = "-" if row.ratio is None else f"{row.ratio:.2f}"
    return [row.workload, row.ours, row.baseline, shown_ratio, row.target, row.result]


def format_table(rows: list[Row]) -> str:
    """The table as text: a header, a rule, and one line per row."""
    lines = [[name for name, _ in COLUMNS], *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]

    def render(cells: list[str]) -> str:
        return "  ".join(
            f"{cell:{align}{width}}" for cell, (_, align), width in zip(cells, COLUMNS, widths, strict=True)
        ).rstrip()

    header = render(lines[0])
    return "\n".join([header, "-" * len(header), *(render(cells) for cells in lines[1:])])


def summary(rows: list[Row]) -> str:
    counts = {verdict: sum(row.result == verdict for row in rows) for verdict in (PASS, FAIL, INFO)}
    return f"{counts[PASS]} PASS, {counts[FAIL]} FAIL, {counts[INFO]} for information"


def write_json(rows: list[Row], meta: dict, directory: Path, now: dt.datetime | None = None) -> Path:
    """var/bench/results-<timestamp>.json: the run's settings and every row with its raw figures."""
    now = now or dt.datetime.now().astimezone()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"results-{now:%Y%m%d-%H%M%S}.json"
    payload = {
        "when": now.isoformat(timespec="seconds"),
        **meta,
        "rows": [{**dataclasses.asdict(row), "result": row.result} for row in rows],
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        raise ValueError("no values")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
