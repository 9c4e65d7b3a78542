"""The comparison as a Markdown table, frameworks side by side, so that a run's output can be
pasted into a document as it is."""

from __future__ import annotations

import statistics

from generator.compare.results import SCENARIOS, Comparison, FrameworkResult, ScenarioResult

__all__ = ["comparison_rows", "markdown_table"]


def comparison_rows(comparison: Comparison) -> list[list[str]]:
    """A header row (the frameworks), then a row per figure."""
    frameworks = comparison.frameworks
    rows = [["", *(result.framework for result in frameworks)]]
    for scenario in SCENARIOS:
        results = [result.scenario(scenario.name) for result in frameworks]
        if all(result is None for result in results):
            continue
        if all(result is None or result.load is None for result in results):
            rows.append([scenario.label, *("skipped" for _ in results)])
            continue
        rows.append([f"{scenario.label}: requests/s", *map(_rate, results)])
        rows.append(["  p50 / p99 latency", *map(_latency, results)])
        rows.append(["  errors (worker restarts)", *map(_errors, results)])
    rows += [
        ["memory per worker (RSS, median)", *(_rss(result) for result in frameworks)],
        ["cold start to first /health", *(_cold_start(result) for result in frameworks)],
        ["server", *(_server(result) for result in frameworks)],
        ["/api requests", *(_auth(result) for result in frameworks)],
        ["lines of Python: app / tests / migrations", *map(_lines, frameworks)],
        ["installed dependencies (runtime)", *map(_dependencies, frameworks)],
    ]
    return rows


def markdown_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]

    def line(cells: list[str]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])


def _rate(result: ScenarioResult | None) -> str:
    if result is None or result.load is None:
        return "n/a" if result is None or not result.skipped else "skipped"
    return f"{result.load.requests_per_second:,.0f}"


def _latency(result: ScenarioResult | None) -> str:
    if result is None or result.load is None:
        return ""
    return f"{_ms(result.load.p50)} / {_ms(result.load.p99)}"


def _errors(result: ScenarioResult | None) -> str:
    if result is None or result.load is None:
        return ""
    errors = f"{result.load.errors:,} of {result.load.requests:,}"
    restarts = result.worker_restarts
    if restarts:
        errors += f"; {restarts} worker restart{'s' if restarts > 1 else ''}"
    return errors


def _ms(seconds: float) -> str:
    milliseconds = seconds * 1000
    return f"{milliseconds:.1f} ms" if milliseconds < 100 else f"{milliseconds:,.0f} ms"


def _rss(result: FrameworkResult) -> str:
    if not result.rss_per_worker:
        return "n/a"
    return f"{statistics.median(result.rss_per_worker) / 1e6:.0f} MB"


def _cold_start(result: FrameworkResult) -> str:
    if not result.cold_starts:
        return "n/a"
    return _ms(statistics.median(result.cold_starts))


def _server(result: FrameworkResult) -> str:
    server = result.server
    worker = str(server.get("worker_class") or "sync").rpartition(".")[2]
    threads = server.get("threads") or 1
    shape = f"{server.get('workers')} x {worker}"
    return shape + (f" x {threads} threads" if worker == "gthread" else "")


def _auth(result: FrameworkResult) -> str:
    # With users (the default skeleton) the load's /api requests carried a bearer token.
    return "bearer token (jwt)" if result.auth == "jwt" else "no token (auth none)"


def _lines(result: FrameworkResult) -> str:
    counts = result.lines_of_code
    return " / ".join(f"{counts.get(part, 0):,}" for part in ("app", "tests", "migrations"))


def _dependencies(result: FrameworkResult) -> str:
    return f"{result.dependencies} ({result.dependencies_bytes / 1e6:.0f} MB)"
