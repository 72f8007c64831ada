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
    assert figures["non_2xx"] == 5
    assert figures["socket_errors"] == "connect 0, read 0, write 0, timeout 3"


def test_parse_wrk_without_errors():
    clean = "\n".join(line for line in WRK.splitlines() if "errors" not in line and "Non-2xx" not in line)
    figures = http_load.parse_wrk(clean)
    assert figures["non_2xx"] == 0
    assert figures["socket_errors"] == ""
