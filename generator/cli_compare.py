"""`forge compare`: its options, its progress display and its report.

A command of the CLI, kept apart because it is as long as the others together; `generator.cli`
registers it, and like the rest of the CLI it is the only part of its feature that prints.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from generator.cli_options import complete_database

if TYPE_CHECKING:
    from generator.compare import Comparison, Progress

__all__ = ["compare"]


def compare(
    frameworks: Annotated[
        str | None,
        typer.Option(
            metavar="NAMES",
            help="Comma-separated frameworks [default: every template].",
            show_default=False,
        ),
    ] = None,
    database: Annotated[
        str,
        typer.Option(
            metavar="DATABASE",
            help="sqlite, or postgres (adds the I/O-bound case; needs --postgres-url).",
            autocompletion=complete_database,
        ),
    ] = "sqlite",
    duration: Annotated[
        str, typer.Option(metavar="TIME", help="Load per scenario, e.g. 10s or 1m.")
    ] = "10s",
    warmup: Annotated[
        str, typer.Option(metavar="TIME", help="Unmeasured load before each scenario.")
    ] = "2s",
    concurrency: Annotated[
        int, typer.Option(metavar="N", help="Open connections of the load tool.")
    ] = 64,
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="gunicorn workers for every framework [default: the number of CPUs].",
            show_default=False,
        ),
    ] = None,
    db_latency: Annotated[
        str,
        typer.Option(
            metavar="TIME", help="Round trip added to each database exchange in the I/O case."
        ),
    ] = "10ms",
    postgres_url: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            envvar="FORGE_POSTGRES_URL",
            help="A PostgreSQL role allowed to create databases, for --database postgres.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Write compare.json (every figure) and compare.svg/.png (the chart) here.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Measure the same API in each framework: throughput, latency, memory, start-up, size.

    Generates each skeleton in a scratch folder, installs and migrates it, serves it with its own
    gunicorn.conf.py and the same number of workers, and loads it with wrk or oha, one at a time.
    The skeletons are the default ones, with users and tokens: forge registers a throwaway user
    and every /api request of the load carries its bearer token, whose check each framework pays.
    """
    from generator.compare import CompareOptions, parse_duration, parse_frameworks
    from generator.compare import compare as run_comparison

    settings: dict[str, Any] = {
        "database": database,
        "duration": parse_duration("--duration", duration, minimum=1),
        "warmup": parse_duration("--warmup", warmup),
        "concurrency": concurrency,
        "db_latency": parse_duration("--db-latency", db_latency),
        "postgres_url": postgres_url,
        "out": out,
    }
    if frameworks is not None:
        settings["frameworks"] = parse_frameworks(frameworks)
    if workers is not None:
        settings["workers"] = workers
    options = CompareOptions(**settings)
    with _ProgressDisplay() as display:
        comparison = run_comparison(options, display.show)
    _report_comparison(comparison)


class _ProgressDisplay:
    """A live bar at a terminal; elsewhere (a CI log) a line per step, on stderr either way."""

    def __enter__(self) -> _ProgressDisplay:
        self._live = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._live = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._live.__enter__()
            self._task = self._live.add_task("preparing", total=None)
        return self

    def show(self, progress: Progress) -> None:
        length = f" ({progress.seconds:g} s)" if progress.seconds else ""
        text = f"{progress.framework}: {progress.step}{length}"
        if self._live is None:
            typer.echo(f"[{progress.done + 1}/{progress.total}] {text}", err=True)
            return
        self._live.update(
            self._task, description=text, completed=progress.done, total=progress.total
        )

    def __exit__(self, *exc_info: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)


def _report_comparison(comparison: Comparison) -> None:
    from generator.compare import SCENARIOS, comparison_rows, markdown_table

    labels = {scenario.name: scenario.label for scenario in SCENARIOS}

    settings, machine = comparison.settings, comparison.machine
    typer.echo(
        f"forge compare: {settings['database']}, {settings['concurrency']} connections, "
        f"{settings['workers']} workers, {settings['duration']:g} s per scenario after "
        f"{settings['warmup']:g} s of warm-up; {comparison.load_tool['version']}"
    )
    if settings["database"] == "postgres":
        typer.echo(
            f"slow DB: the same listing with {settings['db_latency'] * 1000:g} ms added to each "
            "round trip to PostgreSQL"
        )
    typer.echo(f"machine: {machine['summary']}")
    typer.echo()
    typer.echo(markdown_table(comparison_rows(comparison)))
    skipped = {
        f"{labels[scenario.scenario]}: {scenario.skipped}"
        for result in comparison.frameworks
        for scenario in result.scenarios
        if scenario.skipped
    }
    for line in sorted(skipped):
        typer.echo(f"\n{line}")
    if comparison.files:
        typer.echo("\nWrote " + ", ".join(comparison.files))
