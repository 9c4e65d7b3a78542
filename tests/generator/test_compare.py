"""`forge compare` without loading anything: its options, its checks before any work, its table,
and the measurements that need no server (lines of code, workers' memory)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.compare import (
    CompareOptions,
    Comparison,
    FrameworkResult,
    ScenarioResult,
    comparison_rows,
    markdown_table,
    parse_duration,
    parse_frameworks,
)
from generator.compare.processes import worker_rss, workers
from generator.compare.results import LoadResult
from generator.compare.skeleton import count_lines
from generator.errors import (
    InvalidDurationError,
    OptionTooSmallError,
    UnknownFrameworkError,
    UnknownOptionValueError,
)

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("10s", 10.0), ("1.5s", 1.5), ("500ms", 0.5), ("2m", 120.0), ("7", 7.0), (" 3 s ", 3.0)],
    ids=["seconds", "fraction", "milliseconds", "minutes", "bare-number", "spaces"],
)
def test_durations_are_read_in_their_unit(text: str, seconds: float) -> None:
    assert parse_duration("--duration", text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "ten", "10h", "-1s", "1e3s"])
def test_a_malformed_duration_is_refused_with_examples(text: str) -> None:
    with pytest.raises(InvalidDurationError, match="write it as in 10s"):
        parse_duration("--duration", text)


def test_a_duration_below_its_minimum_is_refused() -> None:
    with pytest.raises(InvalidDurationError, match="must be at least 1s"):
        parse_duration("--duration", "500ms", minimum=1)


def test_frameworks_are_read_in_order_each_once() -> None:
    assert parse_frameworks("flask, django,flask") == ("flask", "django")


@pytest.mark.parametrize("text", ["rails", "", " , "])
def test_an_unknown_or_missing_framework_is_refused(text: str) -> None:
    with pytest.raises(UnknownFrameworkError, match=r"choose one of: .*fastapi"):
        parse_frameworks(text)


def test_options_refuse_what_cannot_be_measured() -> None:
    with pytest.raises(UnknownOptionValueError, match="unknown database 'mysql'"):
        CompareOptions(database="mysql")
    with pytest.raises(OptionTooSmallError, match="--concurrency 0 is too small"):
        CompareOptions(concurrency=0)
    with pytest.raises(OptionTooSmallError, match="--workers 0 is too small"):
        CompareOptions(workers=0)


def _fails(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["compare", *argv], env=env)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["--duration", "soon"], 2, "invalid --duration 'soon': not a duration"),
        (["--duration", "0.5s"], 2, "must be at least 1s"),
        (["--duration", "1.5s"], 2, "invalid --duration '1.5s': must be whole seconds"),
        (["--warmup", "500ms"], 2, "invalid --warmup '0.5s': must be whole seconds"),
        (["--frameworks", "rails"], 2, "unknown framework 'rails'"),
        (["--database", "oracle"], 2, "unknown database 'oracle'"),
        (["--concurrency", "0"], 2, "--concurrency 0 is too small"),
        (["--database", "postgres"], 2, "--database postgres needs a PostgreSQL server"),
        (
            ["--database", "postgres", "--postgres-url", "postgresql://u:p@127.0.0.1:1/postgres"],
            1,
            "could not use the PostgreSQL server of --postgres-url",
        ),
    ],
    ids=[
        "malformed-duration",
        "short-duration",
        "fractional-duration",
        "fractional-warmup",
        "unknown-framework",
        "unknown-database",
        "no-connections",
        "postgres-without-server",
        "postgres-unreachable",
    ],
)
def test_bad_input_is_one_message_and_a_status(argv: list[str], status: int, message: str) -> None:
    code, output = _fails(argv, env={"FORGE_POSTGRES_URL": ""})

    assert code == status, output
    assert output.startswith("forge: error: ") and message in output, output
    assert output.count("\n") == 1, output


def test_without_a_load_tool_it_says_how_to_install_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    code, output = _fails([])

    assert code == 1
    assert "found neither wrk nor oha" in output
    assert "apt-get install wrk" in output and "brew install oha" in output


def test_an_existing_report_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "compare.json").write_text("the team's earlier run\n")

    code, output = _fails(["--out", str(tmp_path)])

    assert code == 1
    assert f"{tmp_path / 'compare.json'} exists already" in output
    assert (tmp_path / "compare.json").read_text() == "the team's earlier run\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["compare.json"]


@pytest.mark.parametrize(
    ("module", "argv", "needed_by"),
    [
        ("matplotlib", ["--out", "report"], "the chart of forge compare --out"),
        (
            "psycopg",
            ["--database", "postgres", "--postgres-url", "postgresql://u:p@127.0.0.1/postgres"],
            "forge compare --database postgres",
        ),
    ],
    ids=["chart", "postgres"],
)
def test_a_missing_extra_is_named_with_how_to_install_it(
    module: str,
    argv: list[str],
    needed_by: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # what an install without the extra has
    monkeypatch.chdir(tmp_path)

    code, output = _fails(argv)

    assert code == 1
    assert f"{needed_by} needs {module}, which is not installed" in output
    assert "uv pip install 'forge-web[compare]'" in output
    assert list(tmp_path.iterdir()) == []


def _comparison() -> Comparison:
    def scenarios(errors: int) -> list[ScenarioResult]:
        return [
            ScenarioResult("health", LoadResult(8000.4, 0.0061, 0.0213, 80000, 0)),
            ScenarioResult("list", LoadResult(1234.5, 0.050, 0.250, 12345, errors)),
            ScenarioResult("create", LoadResult(600.0, 0.1, 1.5, 6000, 0), worker_restarts=2),
            ScenarioResult("io", None, "needs --database postgres"),
        ]

    return Comparison(
        settings={"database": "sqlite", "concurrency": 64, "workers": 2},
        machine={"summary": "a test machine"},
        load_tool={"name": "wrk", "path": "/usr/bin/wrk", "version": "wrk 4.1.0"},
        forge_version="0.1.0",
        started="2026-11-21T10:00:00+00:00",
        frameworks=[
            FrameworkResult(
                "fastapi",
                {"worker_class": "uvicorn_worker.UvicornWorker", "workers": 2, "threads": 1},
                scenarios(0),
                rss_per_worker=[60_000_000, 70_000_000, 80_000_000],
                cold_starts=[0.9, 1.2, 1.0],
                lines_of_code={"app": 1200, "tests": 800, "migrations": 40},
                dependencies=30,
                dependencies_bytes=45_000_000,
                auth="jwt",
            ),
            FrameworkResult(
                "flask",
                {"worker_class": "gthread", "workers": 2, "threads": 4},
                scenarios(7),
            ),
        ],
    )


def test_the_table_puts_frameworks_side_by_side() -> None:
    table = comparison_rows(_comparison())
    rows = {row[0]: row[1:] for row in table}
    health = table.index(["GET /health: requests/s", "8,000", "8,000"])

    assert rows[""] == ["fastapi", "flask"]
    assert table[health + 1] == ["  p50 / p99 latency", "6.1 ms / 21.3 ms", "6.1 ms / 21.3 ms"]
    assert rows["POST /api/tasks: requests/s"] == ["600", "600"]
    assert rows["GET /api/tasks, slow DB"] == ["skipped", "skipped"]
    assert rows["memory per worker (RSS, median)"] == ["70 MB", "n/a"]
    assert rows["cold start to first /health"] == ["1,000 ms", "n/a"]
    assert rows["server"] == ["2 x UvicornWorker", "2 x gthread x 4 threads"]
    assert rows["/api requests"] == ["bearer token (jwt)", "no token (auth none)"]
    assert rows["lines of Python: app / tests / migrations"][0] == "1,200 / 800 / 40"
    assert rows["installed dependencies (runtime)"][0] == "30 (45 MB)"


def test_errors_are_shown_beside_the_requests_they_spoilt() -> None:
    table = markdown_table(comparison_rows(_comparison()))
    errors = [line for line in table.splitlines() if "errors" in line]

    assert "0 of 80,000" in errors[0] and "7 of 12,345" in errors[1]
    assert "0 of 6,000; 2 worker restarts" in errors[2]  # a restart explains a latency tail
    assert "restart" not in "|".join(errors[0].split("|")[2:])  # none, none said


def test_the_table_is_markdown_with_aligned_columns() -> None:
    lines = markdown_table(comparison_rows(_comparison())).splitlines()

    assert len({len(line) for line in lines}) == 1
    assert set(lines[1]) == {"|", "-"}


def test_the_json_report_holds_every_figure_but_no_file_list() -> None:
    comparison = _comparison()
    comparison.files = ["/tmp/compare.json"]

    figures = json.loads(json.dumps(comparison.to_json()))

    assert "files" not in figures
    fastapi = figures["frameworks"][0]
    assert fastapi["scenarios"][0]["load"]["requests_per_second"] == 8000.4
    assert fastapi["rss_per_worker"] == [60_000_000, 70_000_000, 80_000_000]
    assert figures["load_tool"]["version"] == "wrk 4.1.0"


def test_a_report_reads_back_as_the_comparison_it_was() -> None:
    comparison = _comparison()

    again = Comparison.from_json(json.loads(json.dumps(comparison.to_json())))

    assert again == comparison


def test_a_report_from_before_users_reads_back_as_unauthenticated() -> None:
    figures = json.loads(json.dumps(_comparison().to_json()))
    for result in figures["frameworks"]:
        del result["auth"]

    again = Comparison.from_json(figures)

    assert [result.auth for result in again.frameworks] == ["none", "none"]


def test_lines_of_code_leave_out_blanks_comments_and_the_environment(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text(
        '"""A docstring\nof two lines."""\n\n# a comment\nimport os  # and one here\n\n'
        "def f(\n    x,\n):\n    return x\n"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_main.py").write_text("def test():\n    assert True\n")
    (tmp_path / "migrations" / "versions").mkdir(parents=True)
    (tmp_path / "migrations" / "versions" / "0001.py").write_text("revision = '0001'\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "big.py").write_text("x = 1\n" * 1000)

    assert count_lines(tmp_path) == {"app": 7, "tests": 2, "migrations": 1}


def test_workers_memory_is_read_for_each_child_of_the_master() -> None:
    """A parent with two children each holding ~40 MB: two figures, each above that."""
    child = "import time; block = bytearray(40 * 2**20); time.sleep(60)"
    parent = (
        "import subprocess, sys, time\n"
        f"children = [subprocess.Popen([sys.executable, '-c', {child!r}]) for _ in range(2)]\n"
        "print('started', flush=True)\n"
        "time.sleep(60)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", parent], stdout=subprocess.PIPE, start_new_session=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline() == b"started\n"
        deadline = time.monotonic() + 20
        sizes = worker_rss(process.pid)
        while time.monotonic() < deadline and not (len(sizes) == 2 and min(sizes) > 40 * 2**20):
            time.sleep(0.1)
            sizes = worker_rss(process.pid)
        assert len(sizes) == 2, sizes
        assert min(sizes) > 40 * 2**20, sizes
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_replaced_worker_shows_as_a_new_pid() -> None:
    """What the restart count rests on: a child replaced by its parent, as gunicorn replaces a
    recycled worker, is one pid gone and one new."""
    parent = (
        "import subprocess, sys, time\n"
        "spawn = lambda: subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "children = [spawn(), spawn()]\n"
        "print(' '.join(str(child.pid) for child in children), flush=True)\n"
        "while True:\n"
        "    children = [spawn() if child.poll() is not None else child for child in children]\n"
        "    time.sleep(0.05)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", parent], stdout=subprocess.PIPE, start_new_session=True
    )
    try:
        assert process.stdout is not None
        first, second = map(int, process.stdout.readline().split())
        assert set(workers(process.pid)) == {first, second}

        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(set(workers(process.pid)) - {first, second}) < 1:
            time.sleep(0.05)

        now = set(workers(process.pid))
        assert second in now and first not in now
        assert len(now - {first, second}) == 1
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
