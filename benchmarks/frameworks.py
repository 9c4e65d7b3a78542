"""`forge compare`'s measurements for maintainers: repeated rounds, medians and ratios.

One `forge compare` run is a single sample per figure. This runs the same comparison
`--rounds` times, rotating the order of the frameworks from round to round so that a drift in
the machine's load favours none, and prints each figure's median over the rounds with its ratio
to the first framework named, measured in the same run.

    uv run python benchmarks/frameworks.py [--rounds 3] [--duration 5] [--warmup 2]
        [--concurrency 64] [--workers 2] [--frameworks fastapi,flask,django]
        [--database sqlite|postgres] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from _common import add_frameworks_option, format_ratio, machine_summary, median, print_table

from generator.compare import (
    SCENARIOS,
    CompareOptions,
    Comparison,
    FrameworkResult,
    Progress,
    compare,
)
from generator.compare.postgres import POSTGRES_URL_VARIABLE
from generator.compare.results import LoadResult
from generator.errors import ForgeError

Figure = Callable[[FrameworkResult], float | None]


def _load(name: str, read: Callable[[LoadResult], float]) -> Figure:
    """A figure of one scenario's load, None where the framework skipped it."""

    def figure(result: FrameworkResult) -> float | None:
        scenario = result.scenario(name)
        return None if scenario is None or scenario.load is None else read(scenario.load)

    return figure


def _memory(result: FrameworkResult) -> float | None:
    return (
        median([float(size) for size in result.rss_per_worker]) / 1e6
        if result.rss_per_worker
        else None
    )


def _cold_start(result: FrameworkResult) -> float | None:
    return median(result.cold_starts) * 1000 if result.cold_starts else None


# Each figure: its label, how to read it from one framework's result, and its format.
FIGURES: list[tuple[str, Figure, str]] = [
    *(
        (f"{s.label}: requests/s", _load(s.name, lambda load: load.requests_per_second), "{:,.0f}")
        for s in SCENARIOS
    ),
    *(
        (f"{s.label}: p99 ms", _load(s.name, lambda load: load.p99 * 1000), "{:,.1f}")
        for s in SCENARIOS
    ),
    ("memory per worker, MB", _memory, "{:.0f}"),
    ("cold start, ms", _cold_start, "{:,.0f}"),
]


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="whole comparisons (default 3)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per scenario (5)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up (default 2)")
    parser.add_argument("--concurrency", type=int, default=64, help="connections (default 64)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seed", type=int, default=1000, help="tasks listed (default 1000)")
    parser.add_argument("--cold-starts", type=int, default=3, help="per framework (default 3)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(POSTGRES_URL_VARIABLE),
        help=f"for --database postgres (default: ${POSTGRES_URL_VARIABLE})",
    )
    add_frameworks_option(parser, "; ratios are to the first")
    arguments = parser.parse_args(argv)
    for name in ("rounds", "seed", "cold_starts"):
        if getattr(arguments, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return arguments


def run_rounds(arguments: argparse.Namespace) -> dict[str, list[FrameworkResult]]:
    """Every framework's results, round after round, the order rotated each round."""
    names: list[str] = arguments.frameworks
    results: dict[str, list[FrameworkResult]] = {name: [] for name in names}
    for number in range(arguments.rounds):
        order = names[number % len(names) :] + names[: number % len(names)]
        print(f"round {number + 1}/{arguments.rounds}: {', '.join(order)}", flush=True)
        comparison: Comparison = compare(
            CompareOptions(
                frameworks=tuple(order),
                database=arguments.database,
                duration=arguments.duration,
                warmup=arguments.warmup,
                concurrency=arguments.concurrency,
                workers=arguments.workers,
                seed=arguments.seed,
                cold_starts=arguments.cold_starts,
                postgres_url=arguments.postgres_url,
            ),
            _print_step,
        )
        for result in comparison.frameworks:
            results[result.framework].append(result)
    return results


def _print_step(step: Progress) -> None:
    print(f"  [{step.done + 1}/{step.total}] {step.framework}: {step.step}", flush=True)


def report(results: dict[str, list[FrameworkResult]], arguments: argparse.Namespace) -> None:
    names = list(results)
    first = names[0]
    rows = []
    for label, figure, style in FIGURES:
        medians = {name: _median_of(figure, results[name]) for name in names}
        if all(value is None for value in medians.values()):
            continue
        cells = [label]
        for name in names:
            value, base = medians[name], medians[first]
            shown = "n/a" if value is None else style.format(value)
            if name != first and value is not None and base:
                shown += f" ({format_ratio(value / base)})"
            cells.append(shown)
        rows.append(cells)
    print()
    print(
        f"Medians over {arguments.rounds} round(s) of {arguments.duration} s per scenario, "
        f"{arguments.concurrency} connections, {arguments.workers} workers, "
        f"{arguments.database}; (ratio to {first} in the same run)."
    )
    print_table(["figure", *names], rows)


def _median_of(figure: Figure, results: list[FrameworkResult]) -> float | None:
    values = [value for value in map(figure, results) if value is not None]
    return median(values) if values else None


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    print(f"frameworks: {machine_summary()}", flush=True)
    try:
        results = run_rounds(arguments)
    except ForgeError as error:
        print(f"frameworks: error: {error}", file=sys.stderr)
        return 1
    report(results, arguments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
