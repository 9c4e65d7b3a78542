"""Reading the load tools' reports, and the requests forge asks them to send."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.compare.loadtool import LoadTool, _wrk_script, find_load_tool, parse_oha, parse_wrk
from generator.compare.results import SCENARIOS
from generator.errors import LoadToolFailedError

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8000/health
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.59ms    2.21ms  30.00ms   73.25%
    Req/Sec     4.23k   345.12     4.90k    70.00%
  Latency Distribution
     50%  850.00us
     75%    8.50ms
     90%   10.12ms
     99%    1.20s
  42100 requests in 5.00s, 7.50MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 12
Requests/sec:   8417.60
Transfer/sec:      1.50MB
"""

WRK_NOTHING_ANSWERED = """\
Running 1s test @ http://127.0.0.1:8000/health
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  Latency Distribution
  0 requests in 1.00s, 0.00B read
  Socket errors: connect 64, read 0, write 0, timeout 0
Requests/sec:      0.00
Transfer/sec:       0.00B
"""


def test_wrk_output_is_read_with_its_units() -> None:
    result = parse_wrk(WRK_OUTPUT)

    assert result.requests_per_second == pytest.approx(8417.60)
    assert result.p50 == pytest.approx(850e-6)
    assert result.p99 == pytest.approx(1.2)
    assert result.requests == 42100
    assert result.errors == 17  # 3 + 2 socket errors, 12 answers that were not 2xx/3xx


def test_wrk_run_where_nothing_answered_is_all_errors() -> None:
    result = parse_wrk(WRK_NOTHING_ANSWERED)

    assert (result.requests_per_second, result.requests, result.errors) == (0.0, 0, 64)


def test_unreadable_wrk_output_is_an_error_showing_it() -> None:
    with pytest.raises(LoadToolFailedError, match=r"(?s)no Requests/sec.*garbage"):
        parse_wrk("garbage")


def test_oha_json_report_is_read() -> None:
    """The fields of oha's documented JSON schema (`oha -j`); no oha is installed here."""
    report = (
        '{"summary": {"requestsPerSec": 5000.5}, '
        '"latencyPercentiles": {"p50": 0.004, "p99": 0.05}, '
        '"statusCodeDistribution": {"200": 24990, "500": 10}, '
        '"errorDistribution": {"connection closed": 2}}'
    )

    result = parse_oha(report)

    assert result.requests_per_second == pytest.approx(5000.5)
    assert (result.p50, result.p99) == (pytest.approx(0.004), pytest.approx(0.05))
    assert (result.requests, result.errors) == (25000, 12)


def test_unreadable_oha_report_is_an_error() -> None:
    with pytest.raises(LoadToolFailedError, match="could not read its JSON report"):
        parse_oha('{"summary": {}}')


def test_wrk_posts_the_scenario_body_as_json() -> None:
    create = next(scenario for scenario in SCENARIOS if scenario.name == "create")

    script = _wrk_script(create)

    assert 'wrk.method = "POST"' in script
    assert f"wrk.body = [==[{create.body}]==]" in script
    assert 'wrk.headers["Content-Type"] = "application/json"' in script


def test_the_load_tool_is_found_on_path_wrk_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("oha", "wrk"):
        tool = tmp_path / name
        tool.write_text("#!/bin/sh\n")
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))

    assert find_load_tool() == LoadTool("wrk", str(tmp_path / "wrk"))
    (tmp_path / "wrk").unlink()
    assert find_load_tool() == LoadTool("oha", str(tmp_path / "oha"))
    (tmp_path / "oha").unlink()
    assert find_load_tool() is None
