"""`forge compare` for real: every skeleton generated, installed, served by gunicorn and loaded
by wrk (or oha), briefly, one framework per test. What is checked is that every figure was
measured and the report written, never how fast anything was: these machines are shared.

The skeletons are the default ones, with users and tokens: every /api load runs as a registered
user, and a request without its bearer token would be a 401, counted among the errors (none are
allowed). The token, the account and the header never reach the output or the report.
"""

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
# What would betray a leaked credential: a JWT's first bytes ({"alg"... in base64), the header,
# the account's domain.
LEAKS = ("eyJ", "Bearer", "@example.com")

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


def check_no_leak(*texts: str) -> None:
    for text in texts:
        assert not [leak for leak in LEAKS if leak in text], text[:3000]


# On SQLite for one framework: the command, its table and its report files are the same for
# each; Flask and Django are measured on SQLite by benchmarks/frameworks.py's smoke test
# (tests/benchmarks), and all three on PostgreSQL below.
@pytest.mark.parametrize("framework", ["fastapi"])
def test_compare_measures_a_framework_on_sqlite_and_writes_its_report(
    framework: str, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    forge = Path(sys.executable).parent / "forge"

    argv = ["--frameworks", framework, "--duration", "1s", "--warmup", "0s"]
    argv += ["--concurrency", "16", "--workers", "2"]

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
    table = completed.stdout.split("\n\n")[1].splitlines()
    assert framework in table[0], completed.stdout
    assert "bearer token (jwt)" in next(row for row in table if row.startswith("| /api requests"))
    assert "needs --database postgres" in completed.stdout
    report = (out / "compare.json").read_text()
    figures = json.loads(report)
    assert [result["framework"] for result in figures["frameworks"]] == [framework]
    for result in figures["frameworks"]:
        scenarios = {scenario["scenario"]: scenario for scenario in result["scenarios"]}
        assert list(scenarios) == ["health", "list", "io", "create"]
        assert scenarios["io"]["load"] is None and "postgres" in scenarios["io"]["skipped"]
        check_measured(result, workers=2, runs_with_memory=2, cold_starts=3)
        assert result["auth"] == "jwt"
    assert figures["load_tool"]["name"] in {"wrk", "oha"}
    assert figures["machine"]["cpus"] == os.cpu_count()
    svg_text = (out / "compare.svg").read_text()
    svg = ElementTree.parse(out / "compare.svg").getroot()
    assert framework in "".join(svg.itertext())
    check_no_leak(completed.stdout, completed.stderr, report, svg_text)
    assert (out / "compare.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert f"Wrote {out / 'compare.json'}" in completed.stdout


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_compare_on_postgres_waits_on_a_slower_database_in_the_io_case(framework: str) -> None:
    server = postgres_server()
    latency = 0.02
    options = CompareOptions(
        frameworks=(framework,),
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
    assert [result["framework"] for result in figures["frameworks"]] == [framework]
    for result in figures["frameworks"]:
        check_measured(result, workers=2, runs_with_memory=2, cold_starts=1)
        assert result["auth"] == "jwt"
        io = next(s for s in result["scenarios"] if s["scenario"] == "io")["load"]
        # Every listing waits for at least one delayed exchange with the database: the proxy
        # was on the path, and nothing bypassed it.
        assert io is not None and io["p50"] >= latency, (result["framework"], io)
    assert [step.done for step in steps] == list(range(len(steps)))
    assert steps[-1].total == len(steps) == 7
    assert "register, log in and seed 50 tasks" in [step.step for step in steps]
    check_no_leak(json.dumps(figures), repr(comparison))
    assert _databases_named(server, f"forge_compare_{framework}") == []


def _databases_named(server: str, prefix: str) -> list[str]:
    import psycopg

    with psycopg.connect(server) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)
        ).fetchall()
    return [row[0] for row in rows]
