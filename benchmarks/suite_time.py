"""How long forge's template test suite takes, through the same `scripts/test` a maintainer runs.

The template suite bakes every combination and runs each skeleton's own suite in a fresh uv
environment, so its time is what a template change costs its author; this prints it, one wall
time per run and their median.

`scripts/test` starts Debian's PostgreSQL on loopback for the postgres combinations (as root, or
with password-less sudo; `scripts/postgres-up` installs it if needed) unless
FORGE_TEST_POSTGRES_URL is set. Without a server those tests are skipped and the time is not
comparable with a run that had one: the output says which it was.

    uv run python benchmarks/suite_time.py [--runs 1] [-- PYTEST-ARGS ...]

PYTEST-ARGS default to `tests/templates -q`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from _common import (
    REPOSITORY,
    format_seconds,
    machine_summary,
    median,
    print_table,
    scratch_dir,
)

DEFAULT_PYTEST_ARGS = ["tests/templates", "-q"]


def parse_arguments(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Options before `--` are this script's; what follows goes to scripts/test unchanged."""
    ours, theirs = argv, []
    if "--" in argv:
        split = argv.index("--")
        ours, theirs = argv[:split], argv[split + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs of the suite (default 1)")
    arguments = parser.parse_args(ours)
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    return arguments, theirs or DEFAULT_PYTEST_ARGS


def summary_line(log: str) -> str:
    """pytest's closing line (`N passed, M skipped in T s`), the last non-empty line."""
    lines = [line.strip("= ") for line in log.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def main(argv: list[str] | None = None) -> int:
    arguments, pytest_args = parse_arguments(sys.argv[1:] if argv is None else argv)
    command = [str(REPOSITORY / "scripts" / "test"), *pytest_args]
    print(f"suite_time: {machine_summary()}")
    print(f"command: scripts/test {' '.join(pytest_args)}")
    postgres = os.environ.get("FORGE_TEST_POSTGRES_URL")
    print(
        "PostgreSQL: "
        + ("FORGE_TEST_POSTGRES_URL is set" if postgres else "started by scripts/test if it can")
    )
    rows = []
    times = []
    failed = False
    with scratch_dir("forge-bench-suite-") as scratch:
        for run in range(1, arguments.runs + 1):
            log = scratch / f"run-{run}.log"
            started = time.perf_counter()
            with log.open("wb") as output:
                completed = subprocess.run(
                    command, cwd=REPOSITORY, stdout=output, stderr=subprocess.STDOUT, check=False
                )
            elapsed = time.perf_counter() - started
            text = log.read_text(errors="replace")
            if "could not start PostgreSQL" in text:
                print("note: scripts/test could not start PostgreSQL; postgres bakes skipped")
            times.append(elapsed)
            rows.append([str(run), format_seconds(elapsed), summary_line(text)])
            print(
                f"  run {run}: {format_seconds(elapsed)}, exit {completed.returncode}", flush=True
            )
            if completed.returncode != 0:
                failed = True
                print(text[-4000:], file=sys.stderr)
    print()
    print_table(["run", "wall time", "pytest's summary"], rows)
    print(f"median wall time over {arguments.runs} run(s): {format_seconds(median(times))}")
    if failed:
        print("suite_time: error: the suite failed; its times are not comparable", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
