"""The benchmark scripts still run and print their figures; no speed is asserted here.

Speeds are read from the benchmarks' own output as ratios measured in one run (see
benchmarks/README.md): a timed assertion on these shared, noisy machines would only flake.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
RATIO = re.compile(r"^\d+\.\d\dx$")
SECONDS = re.compile(r"^\d+(\.\d)? (ms|s)$")
LOAD_TOOL = shutil.which("wrk") or shutil.which("oha")


def run_benchmark(
    script: str, *arguments: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def table_row(output: str, first_cell: str) -> list[str]:
    """The cells of the Markdown table row whose first cell is `first_cell`."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no table row for {first_cell!r} in:\n{output}")


@pytest.fixture(scope="module")
def health_overhead() -> ModuleType:
    """The script as a module, for its parsers (benchmarks/ is no package: put it on the path)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module("health_overhead")
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_forge_costs_prints_medians_and_ratios() -> None:
    result = run_benchmark("forge_costs.py", "--runs", "1", "--frameworks", "fastapi")

    assert result.returncode == 0, result.stdout + result.stderr
    _, render, new, new_ratio, add, add_ratio = table_row(result.stdout, "fastapi")
    assert all(SECONDS.match(cell) for cell in (render, new, add)), result.stdout
    assert RATIO.match(new_ratio) and RATIO.match(add_ratio), result.stdout


def test_health_overhead_without_a_load_tool_says_how_to_install_one(tmp_path: Path) -> None:
    result = run_benchmark(
        "health_overhead.py", "--frameworks", "flask", env={**os.environ, "PATH": str(tmp_path)}
    )

    assert result.returncode == 2
    assert "apt-get install -y wrk" in result.stderr
    assert "oha" in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
@pytest.mark.skipif(
    LOAD_TOOL is None, reason="no HTTP load tool on PATH: `apt-get install -y wrk` (or oha)"
)
@pytest.mark.skipif(shutil.which("uv") is None, reason="uv makes the benchmark's environments")
def test_health_overhead_prints_rates_latencies_and_the_ratio() -> None:
    result = run_benchmark(
        "health_overhead.py",
        *("--duration", "1", "--warmup", "1", "--rounds", "1", "--frameworks", "flask"),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    _, skeleton, minimal, ratio, skeleton_latency, minimal_latency, errors = table_row(
        result.stdout, "flask"
    )
    # A figure, whatever it is: a one-second window may even catch every worker restarting.
    assert skeleton.isdigit() and minimal.isdigit(), result.stdout
    assert RATIO.match(ratio) or ratio == "n/a", result.stdout
    latency = re.compile(r"^[\d.]+ ms / [\d.]+ ms$")
    assert latency.match(skeleton_latency) and latency.match(minimal_latency), result.stdout
    assert re.match(r"^\d+ / \d+$", errors), result.stdout


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


def test_wrk_output_is_read_with_its_units(health_overhead: ModuleType) -> None:
    result = health_overhead.parse_wrk(WRK_OUTPUT)

    assert result.requests_per_second == pytest.approx(8417.60)
    assert result.p50 == pytest.approx(850e-6)
    assert result.p99 == pytest.approx(1.2)
    assert result.requests == 42100
    assert result.errors == 17


def test_oha_json_report_is_read(health_overhead: ModuleType) -> None:
    """The fields of oha's documented JSON schema (`oha -j`); no oha is installed here."""
    report = (
        '{"summary": {"requestsPerSec": 5000.5}, '
        '"latencyPercentiles": {"p50": 0.004, "p99": 0.05}, '
        '"statusCodeDistribution": {"200": 24990, "500": 10}, '
        '"errorDistribution": {"connection closed": 2}}'
    )

    result = health_overhead.parse_oha(report)

    assert result.requests_per_second == pytest.approx(5000.5)
    assert (result.p50, result.p99) == (pytest.approx(0.004), pytest.approx(0.05))
    assert (result.requests, result.errors) == (25000, 12)
