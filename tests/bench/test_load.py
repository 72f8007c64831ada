"""Reading locust's statistics (bench/load.py, plain logic; locust itself is never imported here)."""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# bench/load.py imports its sibling as `http_load`; bench/ stays off sys.path (its modules set up Django).
sys.modules.setdefault("http_load", _module("http_load", BENCH / "http_load.py"))
load = _module("bench_load", BENCH / "load.py")

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)
STATS = f"""{HEADER}
GET,verify,436,0,5300,5100.2,12.1,7950.3,16234.8,12.4,0.0,5300,5600,6000,6300,7000,7500,7800,7900,7950,7950,7950
POST,submit (post),41,2,5400,5300.0,900.5,7800.0,0.0,1.2,0.05,5400,5900,6100,6300,7000,7500,7800,7800,7800,7800,7800
GET,approve (inbox),0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A
,Aggregated,477,2,5300,5120.0,12.1,7950.3,14000.0,13.6,0.05,5300,5600,6000,6300,7000,7500,7800,7900,7950,7950,7950
"""


def test_read_stats_gives_counts_failures_and_percentiles_per_request_name(tmp_path):
    path = tmp_path / "load_stats.csv"
    path.write_text(STATS, encoding="utf-8")

    stats = load.read_stats(path)

    assert stats["submit (post)"] == {
        "requests": 41,
        "failures": 2,
        "p50_ms": 5400.0,
        "p99_ms": 7800.0,
        "rps": 1.2,
    }
    assert (stats["Aggregated"]["requests"], stats["Aggregated"]["failures"]) == (477, 2)


def test_read_stats_leaves_out_a_request_name_never_requested(tmp_path):
    path = tmp_path / "load_stats.csv"
    path.write_text(STATS, encoding="utf-8")

    assert list(load.read_stats(path)) == ["verify", "submit (post)", "Aggregated"]
