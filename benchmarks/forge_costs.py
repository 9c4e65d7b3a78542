"""What forge's own commands cost next to a plain cookiecutter render of the same template.

`forge new` does more than cookiecutter (checks the answers, records `.forge.json` and the
baseline for `forge update`), and `forge add-endpoint` parses and edits code with libcst; this
says how much more, as a ratio to the render, so the figure means the same on a loaded machine.

Every command is the real console script of this environment run in a subprocess, so each pays
the interpreter's start-up as a person's would. The three are interleaved run by run, in a
rotating order, so that a neighbour's burst of load falls on all of them alike.

    uv run python benchmarks/forge_costs.py [--runs 5] [--frameworks fastapi,flask,django]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from _common import (
    BenchmarkError,
    add_frameworks_option,
    clean_environment,
    console_script,
    format_ratio,
    format_seconds,
    machine_summary,
    median,
    print_table,
    run_checked,
    scratch_dir,
    timed_run,
)

RESOURCE = "notes"
FIELDS = "title:str body:text? priority:int done:bool due:date?"
PROJECT_NAME = "Bench Service"
MEASURES = ("render", "new", "add")


@dataclass
class Timings:
    """Wall times of one framework's commands, one per run, in seconds."""

    render: list[float] = field(default_factory=list)
    new: list[float] = field(default_factory=list)
    add: list[float] = field(default_factory=list)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    add_frameworks_option(parser)
    arguments = parser.parse_args(argv)
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    return arguments


def measure(framework: str, runs: int, scratch: Path) -> Timings:
    """`runs` interleaved rounds of render, new and add-endpoint, each into a fresh folder."""
    from generator.registry import get_template

    template = get_template(framework).path
    forge = console_script("forge")
    cookiecutter = console_script("cookiecutter")
    env = clean_environment()

    # The project add-endpoint grows: made once, copied fresh (untimed) before every run.
    new_project: list[str | Path] = [
        forge,
        "new",
        PROJECT_NAME,
        "--framework",
        framework,
        "--no-input",
    ]
    pristine_parent = scratch / f"{framework}-pristine"
    pristine_parent.mkdir()
    run_checked(new_project, cwd=pristine_parent, env=env)
    (pristine,) = pristine_parent.iterdir()

    timings = Timings()
    for run in range(runs):
        workdir = scratch / f"{framework}-{run}"
        workdir.mkdir()
        grown = workdir / "grown"
        shutil.copytree(pristine, grown, symlinks=True)
        commands: dict[str, list[str | Path]] = {
            "render": [cookiecutter, "--no-input", template, "-o", workdir / "render"],
            "new": [*new_project, "--output-dir", workdir / "new"],
            "add": [forge, "add-endpoint", RESOURCE, "--fields", FIELDS],
        }
        order = MEASURES[run % 3 :] + MEASURES[: run % 3]
        for name in order:
            cwd = grown if name == "add" else workdir
            getattr(timings, name).append(timed_run(commands[name], cwd=cwd, env=env))
        shutil.rmtree(workdir, ignore_errors=True)
    return timings


def report(results: dict[str, Timings], runs: int) -> None:
    print()
    print(f"Median wall time over {runs} run(s); ratios are to the cookiecutter render.")
    rows = []
    for framework, timings in results.items():
        render, new, add = median(timings.render), median(timings.new), median(timings.add)
        rows.append(
            [
                framework,
                format_seconds(render),
                format_seconds(new),
                format_ratio(new / render),
                format_seconds(add),
                format_ratio(add / render),
            ]
        )
    print_table(
        [
            "framework",
            "cookiecutter render",
            "forge new",
            "new / render",
            "forge add-endpoint",
            "add / render",
        ],
        rows,
    )


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    print(f"forge_costs: {machine_summary()}")
    print(f'add-endpoint: {RESOURCE} --fields "{FIELDS}"')
    results: dict[str, Timings] = {}
    try:
        with scratch_dir("forge-bench-costs-") as scratch:
            for framework in arguments.frameworks:
                print(f"{framework}: {arguments.runs} run(s) ...", flush=True)
                results[framework] = measure(framework, arguments.runs, scratch)
    except BenchmarkError as error:
        print(f"forge_costs: error: {error}", file=sys.stderr)
        return 1
    report(results, arguments.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
