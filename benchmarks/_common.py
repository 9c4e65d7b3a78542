"""Helpers the benchmarks share: medians, tables, scratch dirs, timed commands, servers.

The machines these run on are shared and noisy, so every benchmark reports ratios of figures
measured in the same run, and every figure is a median of repeated runs. Servers run in a
process group of their own and are always stopped as a group: a gunicorn worker can outlive its
master, and a benchmark that leaves one behind skews the next run on the same cores.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from generator.compare.processes import (
    clean_environment,
    free_port,
    running,
    start_process,
    stop_process,
    wait_until_answering,
)

__all__ = [
    "REPOSITORY",
    "BenchmarkError",
    "add_frameworks_option",
    "clean_environment",
    "console_script",
    "format_ratio",
    "format_seconds",
    "free_port",
    "machine_summary",
    "median",
    "new_installed_skeleton",
    "print_table",
    "run_checked",
    "running",
    "scratch_dir",
    "start_process",
    "stop_process",
    "timed_run",
    "wait_until_answering",
]

REPOSITORY = Path(__file__).resolve().parents[1]


class BenchmarkError(Exception):
    """Something the benchmark needs failed; the message says what, for one line on stderr."""


def median(values: Sequence[float]) -> float:
    """The median, so that one run slowed by a neighbour on the shared cores moves nothing."""
    if not values:
        raise BenchmarkError("no measurements to take a median of")
    return statistics.median(values)


def format_seconds(seconds: float) -> str:
    """Milliseconds below ten seconds: forge's commands take about one."""
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def format_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A Markdown table, aligned, so a run's output can be pasted into the README as it is."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    print(line(headers))
    print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for row in rows:
        print(line(row))
    sys.stdout.flush()


def machine_summary() -> str:
    """Date, cores and load: figures from a loaded machine are only comparable as ratios."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{now}; {os.cpu_count()} CPUs, load average {load} at start; "
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}"
    )


def add_frameworks_option(parser: argparse.ArgumentParser, note: str = "") -> None:
    """`--frameworks fastapi,flask`, read as `forge compare` reads it; default every template."""
    from generator.compare import parse_frameworks
    from generator.errors import ForgeError
    from generator.registry import discover

    def frameworks(value: str) -> list[str]:
        try:
            return list(parse_frameworks(value))
        except ForgeError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parser.add_argument(
        "--frameworks",
        type=frameworks,
        default=list(discover()),
        help=f"comma-separated{note} (default: every template)",
    )


def console_script(name: str) -> Path:
    """A console script of the environment running this benchmark, so that the commands timed
    (forge, cookiecutter) use the same interpreter and packages and pay the same start-up."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise BenchmarkError(
            f"{name} is not installed next to {sys.executable}; run the benchmark with "
            f"`uv run python benchmarks/...` from the repository"
        )
    return path


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A temporary folder removed afterwards, whatever happened."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def run_checked(
    argv: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 900,
) -> subprocess.CompletedProcess[str]:
    """Run a command that must succeed; its output goes into the error when it does not."""
    result = subprocess.run(
        [str(arg) for arg in argv],
        cwd=cwd,
        env=env if env is not None else clean_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        command = " ".join(str(arg) for arg in argv)
        output = (result.stdout + result.stderr).strip()[-2000:]
        raise BenchmarkError(f"`{command}` in {cwd} exited {result.returncode}:\n{output}")
    return result


def new_installed_skeleton(framework: str, root: Path, env: dict[str, str]) -> Path:
    """The skeleton as a person gets it: `forge new` in a folder of `root` named for the
    framework, then the skeleton's own install and migrate commands, run with `env`, the
    install compiling to bytecode as the skeleton's Dockerfile does."""
    from generator.registry import get_template

    commands = get_template(framework).commands
    parent = root / framework
    parent.mkdir()
    forge = console_script("forge")
    run_checked(
        [forge, "new", f"Bench {framework}", "--framework", framework, "--no-input"], cwd=parent
    )
    (project,) = parent.iterdir()
    # Compiled to bytecode as the Dockerfiles install it: workers then boot without compiling.
    run_checked(
        shlex.split(commands["install"]), cwd=project, env={**env, "UV_COMPILE_BYTECODE": "1"}
    )
    run_checked(shlex.split(commands["migrate"]), cwd=project, env=env)
    return project


def timed_run(
    argv: Sequence[str | os.PathLike[str]], *, cwd: Path, env: dict[str, str] | None = None
) -> float:
    """Wall time of a command that must succeed, interpreter start-up included."""
    started = time.perf_counter()
    run_checked(argv, cwd=cwd, env=env)
    return time.perf_counter() - started
