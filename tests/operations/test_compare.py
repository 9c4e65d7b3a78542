"""`forge compare` for real: every skeleton generated, installed, served by gunicorn and loaded
by wrk (or oha), briefly. What is checked is that every figure was measured and the report
written, never how fast anything was: these machines are shared."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from generator.compare import CompareOptions, Comparison, Progress, compare
from generator.compare.processes import clean_environment
from generator.registry import discover
from tests.support.database import postgres_server

LOAD_TOOL = shutil.which("wrk") or shutil.which("oha")
FRAMEWORKS = tuple(discover())
# The package that is the framework, in each skeleton's environment.
FRAMEWORK_PACKAGE = {"fastapi": "fastapi", "flask": "flask", "django": "django"}
MB = 2**20

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(LOAD_TOOL is None, reason="no load tool: `apt-get install wrk` (or oha)"),
    pytest.mark.skipif(shutil.which("uv") is None, reason="uv installs the skeletons"),
]


def check_measured(result: dict, workers: int, runs_with_memory: int, cold_starts: int) -> None:
    """Every figure of one framework is there and plausible; no speed is judged."""
    name = result["framework"]
    for scenario in result["scenarios"]:
        load = scenario["load"]
        if load is None:
            continue
        assert load["requests"] > 0 and load["requests_per_second"] > 0, (name, scenario)
        assert load["errors"] == 0, (name, scenario)
        assert 0 < load["p50"] <= load["p99"], (name, scenario)
    assert len(result["rss_per_worker"]) == workers * runs_with_memory, name
    assert all(size > 20 * MB for size in result["rss_per_worker"]), (name, result)
    assert len(result["cold_starts"]) == cold_starts and all(result["cold_starts"]), name
    assert all(result["lines_of_code"][part] > 0 for part in ("app", "tests", "migrations"))
    assert result["dependencies"] > 10 and result["dependencies_bytes"] > 10 * MB, name
    assert {"gunicorn", FRAMEWORK_PACKAGE[name]} <= set(result["versions"]), name
    assert result["server"]["workers"] == workers, name


def test_compare_measures_every_framework_on_sqlite_and_writes_its_report(tmp_path: Path) -> None:
    out = tmp_path / "report"
    forge = Path(sys.executable).parent / "forge"

    argv = ["--duration", "1s", "--warmup", "0s", "--concurrency", "16", "--workers", "2"]

    completed = subprocess.run(
        [forge, "compare", *argv, "--out", str(out)],
        cwd=tmp_path,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    header = completed.stdout.split("\n\n")[1].splitlines()[0]
    assert all(framework in header for framework in FRAMEWORKS), completed.stdout
    assert "needs --database postgres" in completed.stdout
    figures = json.loads((out / "compare.json").read_text())
    assert [result["framework"] for result in figures["frameworks"]] == list(FRAMEWORKS)
    for result in figures["frameworks"]:
        scenarios = {scenario["scenario"]: scenario for scenario in result["scenarios"]}
        assert list(scenarios) == ["health", "list", "io", "create"]
        assert scenarios["io"]["load"] is None and "postgres" in scenarios["io"]["skipped"]
        check_measured(result, workers=2, runs_with_memory=2, cold_starts=3)
    assert figures["load_tool"]["name"] in {"wrk", "oha"}
    assert figures["machine"]["cpus"] == os.cpu_count()
    svg = ElementTree.parse(out / "compare.svg").getroot()
    assert all(framework in "".join(svg.itertext()) for framework in FRAMEWORKS)
    assert (out / "compare.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert f"Wrote {out / 'compare.json'}" in completed.stdout


def test_compare_on_postgres_waits_on_a_slower_database_in_the_io_case() -> None:
    server = postgres_server()
    latency = 0.02
    options = CompareOptions(
        database="postgres",
        duration=1,
        warmup=0,
        concurrency=16,
        workers=2,
        seed=50,
        cold_starts=1,
        db_latency=latency,
        postgres_url=server,
    )
    steps: list[Progress] = []

    comparison: Comparison = compare(options, steps.append)

    figures = comparison.to_json()
    assert figures["machine"]["postgresql"]
    for result in figures["frameworks"]:
        check_measured(result, workers=2, runs_with_memory=2, cold_starts=1)
        io = next(s for s in result["scenarios"] if s["scenario"] == "io")["load"]
        # Every listing waits for at least one delayed exchange with the database: the proxy
        # was on the path, and nothing bypassed it.
        assert io is not None and io["p50"] >= latency, (result["framework"], io)
    assert [step.done for step in steps] == list(range(len(steps)))
    assert steps[-1].total == len(steps) == 7 * len(FRAMEWORKS)
    assert _databases_named(server, "forge_compare_") == []


def _databases_named(server: str, prefix: str) -> list[str]:
    import psycopg

    with psycopg.connect(server) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)
        ).fetchall()
    return [row[0] for row in rows]
