"""The benchmark scripts still run and print their figures; no speed is asserted here.

Speeds are read from the benchmarks' own output as ratios measured in one run (see
benchmarks/README.md): a timed assertion on these shared, noisy machines would only flake.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
RATIO = re.compile(r"^\d+\.\d\dx$")
SECONDS = re.compile(r"^\d+(\.\d)? (ms|s)$")
LOAD_TOOL = shutil.which("wrk") or shutil.which("oha")


def loads_skeletons(test: Callable[[], None]) -> Callable[[], None]:
    """A slow test that installs skeletons with uv and loads them with a real load tool."""
    for mark in (
        pytest.mark.slow,
        pytest.mark.skipif(
            LOAD_TOOL is None, reason="no HTTP load tool on PATH: `apt-get install -y wrk` (or oha)"
        ),
        pytest.mark.skipif(shutil.which("uv") is None, reason="uv installs the skeletons"),
    ):
        test = mark(test)
    return test


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


def rows_starting(output: str, first_cell: str) -> dict[str, list[str]]:
    """The Markdown table rows whose first cell is `first_cell`, by their second cell."""
    rows = (
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in output.splitlines()
        if line.startswith("|")
    )
    return {cells[1]: cells for cells in rows if cells[0] == first_cell and len(cells) > 1}


def table_row(output: str, first_cell: str) -> list[str]:
    """The cells of the Markdown table row whose first cell is `first_cell`."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no table row for {first_cell!r} in:\n{output}")


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


@loads_skeletons
def test_health_overhead_prints_rates_latencies_and_the_ratio() -> None:
    result = run_benchmark(
        "health_overhead.py",
        *("--duration", "1", "--warmup", "1", "--rounds", "1", "--frameworks", "flask"),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    row = table_row(result.stdout, "flask")
    _, skeleton, minimal, ratio, skeleton_latency, minimal_latency, errors, cpu, by_cpu = row
    # A figure, whatever it is: a one-second window may even catch every worker restarting.
    assert skeleton.isdigit() and minimal.isdigit(), result.stdout
    assert RATIO.match(ratio) or ratio == "n/a", result.stdout
    latency = re.compile(r"^[\d.]+ ms / [\d.]+ ms$")
    assert latency.match(skeleton_latency) and latency.match(minimal_latency), result.stdout
    assert re.match(r"^\d+ / \d+$", errors), result.stdout
    # The servers' CPU per request, in µs: more than nothing, as every answer costs some.
    skeleton_cpu, minimal_cpu = (int(figure) for figure in cpu.split(" / "))
    assert skeleton_cpu > 0 and minimal_cpu > 0, result.stdout
    assert RATIO.match(by_cpu), result.stdout


@loads_skeletons
def test_listing_overhead_prints_the_four_apps_and_their_ratios() -> None:
    result = run_benchmark(
        "listing_overhead.py",
        *("--duration", "1", "--warmup", "1", "--rounds", "1", "--rows", "30"),
        *("--frameworks", "django"),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    latency = re.compile(r"^[\d.]+ ms / [\d.]+ ms$")
    apps = rows_starting(result.stdout, "django")
    for app in ("skeleton", "open", "orm", "driver"):
        _, _, rate, latencies, errors, cpu = apps[app]
        assert rate.isdigit() and latency.match(latencies) and errors == "0", result.stdout
        assert cpu.isdigit() and int(cpu) > 0, result.stdout
    ratios = rows_starting(result.stdout.split("| framework | by ", 1)[1], "django")
    assert set(ratios) == {"requests/s", "CPU"}, result.stdout
    for row in ratios.values():
        assert len(row) == 6 and all(RATIO.match(ratio) for ratio in row[2:]), result.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("uv") is None, reason="uv installs the skeleton")
def test_feature_costs_prints_what_each_feature_costs() -> None:
    result = run_benchmark(
        "feature_costs.py", "--frameworks", "flask", "--requests", "20", "--repeats", "1"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    rows = rows_starting(result.stdout, "flask")
    for feature in ("whole skeleton", "access log", "request id", "metrics", "minimal app"):
        _, _, cost, share, _ = rows[feature]
        assert re.fullmatch(r"-?\d+\.\d", cost) and re.fullmatch(r"-?\d+%", share), rows[feature]
    assert rows["whole skeleton"][3] == "100%"


@loads_skeletons
def test_frameworks_prints_medians_with_ratios_to_the_first() -> None:
    result = run_benchmark(
        "frameworks.py",
        *("--rounds", "1", "--duration", "1", "--warmup", "0", "--concurrency", "8"),
        *("--seed", "20", "--cold-starts", "1", "--frameworks", "flask,django"),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "round 1/1: flask, django" in result.stdout
    _, flask, django = table_row(result.stdout, "GET /health: requests/s")
    assert re.match(r"^[\d,]+$", flask), result.stdout  # the first framework: no ratio
    assert re.match(r"^[\d,]+ \(\d+\.\d\dx\)$", django), result.stdout
    _, flask_memory, django_memory = table_row(result.stdout, "memory per worker, MB")
    assert flask_memory.isdigit() and re.match(r"^\d+ \(\d+\.\d\dx\)$", django_memory)
    assert "slow DB" not in result.stdout  # SQLite has no I/O-bound case to report


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("uv") is None, reason="uv installs the skeleton")
def test_metrics_scrape_prints_scrape_times_before_and_after_recycling() -> None:
    result = run_benchmark(
        "metrics_scrape.py", "--frameworks", "flask", "--recycled", "3", "--scrapes", "3"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    for mode in ("folded", "standard"):
        cells = next(
            row
            for row in (line.strip("|").split("|") for line in result.stdout.splitlines())
            if len(row) == 7 and row[1].strip() == mode
        )
        recycled, files, fresh, after, ratio = (cell.strip() for cell in cells[2:])
        assert int(recycled) >= 3 and int(files) >= 1
        assert re.fullmatch(r"\d+\.\d\d ms", fresh) and re.fullmatch(r"\d+\.\d\d ms", after), cells
        assert RATIO.match(ratio), cells
    # Folded, only the live workers' files and the two archives are left.
    folded = next(line for line in result.stdout.splitlines() if "flask folded:" in line)
    assert re.search(r", [1-6] files,", folded), folded
    assert re.search(r"standard / folded after recycling = \d+\.\d\dx", result.stdout)
