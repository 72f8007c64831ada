"""Reading wrk's report (bench/http_load.py, plain logic)."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "bench_http_load", Path(__file__).resolve().parents[2] / "bench" / "http_load.py"
)
http_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(http_load)

# wrk pads its latency figures with a trailing space (\x20).
WRK = """Running 2s test @ http://127.0.0.1:59727/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.10s   271.95ms   1.64s    64.37%
    Req/Sec    46.81     21.97    70.00     68.75%
  Latency Distribution
     50%  950.00us\x20
     75%    1.25s\x20
     90%    1.50s\x20
     99%    1.64s\x20
  87 requests in 2.05s, 791.84KB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 5
Requests/sec:     42.43
Transfer/sec:    386.18KB
"""


def test_parse_wrk():
    figures = http_load.parse_wrk(WRK)
    assert figures["rps"] == 42.43
    assert figures["p50_ms"] == pytest.approx(0.95)
    assert figures["p99_ms"] == pytest.approx(1640.0)
    assert figures["requests"] == 87
    assert figures["seconds"] == pytest.approx(2.05)
    assert figures["non_2xx"] == 5
    assert figures["socket_errors"] == "connect 0, read 0, write 0, timeout 3"


def test_parse_wrk_without_errors():
    clean = "\n".join(line for line in WRK.splitlines() if "errors" not in line and "Non-2xx" not in line)
    figures = http_load.parse_wrk(clean)
    assert figures["non_2xx"] == 0
    assert figures["socket_errors"] == ""


def _turn(requests: int, seconds: float, quantiles: list[float], **extra) -> dict:
    return {"requests": requests, "seconds": seconds, "rps": requests / seconds, "p50_ms": 0.0, "p99_ms": 0.0,
            "quantiles_ms": quantiles, "non_2xx": 0, "socket_errors": "", **extra}  # fmt: skip


def test_merged_turns_count_requests_over_the_seconds_they_took():
    merged = http_load.merge_turns([_turn(300, 10.0, [1.0] * 10), _turn(100, 10.0, [1.0] * 10)])
    assert merged["requests"] == 400
    assert merged["seconds"] == 20.0
    assert merged["rps"] == 20.0


def test_merged_percentiles_weigh_each_turn_by_its_requests():
    # given a fast turn of 900 requests at 10 ms and a slow one of 100 at 200 ms (ten quantiles each)
    fast, slow = _turn(900, 10.0, [10.0] * 10), _turn(100, 10.0, [200.0] * 10)
    # when they are merged
    merged = http_load.merge_turns([fast, slow])
    # then nine in ten requests took 10 ms: the median is 10 ms and the 99th percentile 200 ms
    assert merged["p50_ms"] == 10.0
    assert merged["p99_ms"] == 200.0


def test_merged_percentile_reads_within_a_turns_quantiles():
    merged = http_load.merge_turns([_turn(1000, 10.0, [float(value) for value in range(1, 1001)])])
    assert merged["p50_ms"] == 500.0
    assert merged["p99_ms"] == 990.0


def test_merged_turns_add_their_errors():
    merged = http_load.merge_turns(
        [_turn(10, 1.0, [1.0], non_2xx=2, socket_errors="connect 0, read 1, write 0, timeout 0"),
         _turn(10, 1.0, [1.0], non_2xx=3)]
    )  # fmt: skip
    assert merged["non_2xx"] == 5
    assert merged["socket_errors"] == "connect 0, read 1, write 0, timeout 0"
