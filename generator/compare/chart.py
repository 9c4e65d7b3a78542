"""The one picture of a `forge compare` run, for a reader who will not open the JSON.

matplotlib is imported inside `draw_chart` only: the other forge commands must not pay for it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.compare.results import SCENARIOS, Comparison, FrameworkResult, LoadResult, Scenario

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure
    from matplotlib.ticker import Formatter

__all__ = ["draw_chart"]

DPI = 150
LOG_RATIO = 50  # above this max/min spread of p99, linear bars hide the fast frameworks
GROUP_WIDTH = 0.8
ERROR_COLOUR = "firebrick"
# Of the figure's height: constrained layout would stack an "outside" legend on the footer, so
# both get this strip below the panels, kept out of the layout's rectangle.
BOTTOM_STRIP = 0.06


def draw_chart(comparison: Comparison, directory: Path) -> list[Path]:
    """Draw the comparison as one 2x2 figure, written as both SVG (documents) and PNG (chat)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    # A fixed hash salt and no date give the same SVG bytes for the same data, so the file diffs
    # cleanly; text left as text ("none") keeps the SVG searchable and small.
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "forge compare", "font.size": 9}
    ):
        layout = ConstrainedLayoutEngine(rect=(0, BOTTOM_STRIP, 1, 1 - BOTTOM_STRIP))
        figure = Figure(figsize=(13, 8.5), layout=layout)
        _draw_panels(figure, comparison.frameworks)
        _draw_frame(figure, comparison)
        svg, png = directory / "compare.svg", directory / "compare.png"
        figure.savefig(svg, format="svg", metadata={"Date": None})
        figure.savefig(png, format="png", dpi=DPI)
    return [svg, png]


def _draw_panels(figure: Figure, frameworks: Sequence[FrameworkResult]) -> None:
    """The per-scenario panels get the wide column: their groups of bars need the room."""
    colours = _colours(frameworks)
    grid = figure.add_gridspec(2, 2, width_ratios=[2.2, 1])
    rps, memory = figure.add_subplot(grid[0, 0]), figure.add_subplot(grid[0, 1])
    latency, cold = figure.add_subplot(grid[1, 0]), figure.add_subplot(grid[1, 1])
    _requests_panel(rps, frameworks, colours)
    _latency_panel(latency, frameworks, colours)
    _per_framework_panel(memory, frameworks, colours, _memory_mb, _whole)
    memory.set_title("Memory per worker (RSS), MB", loc="left", fontweight="bold")
    _per_framework_panel(cold, frameworks, colours, _cold_start_ms, _ms)
    cold.set_title("Cold start to first healthy answer, ms", loc="left", fontweight="bold")


def _draw_frame(figure: Figure, comparison: Comparison) -> None:
    """Title, one legend for all four panels, and the footer saying where the numbers are from."""
    from matplotlib.patches import Patch

    colours = _colours(comparison.frameworks)
    handles = [Patch(color=colour) for colour in colours.values()]
    figure.suptitle(_title(comparison), fontsize=13, fontweight="bold")
    figure.legend(
        handles,
        list(colours),
        loc="lower center",
        bbox_to_anchor=(0.5, 0.022),
        ncols=max(1, len(colours)),
        frameon=False,
    )
    figure.text(0.5, 0.004, _footer(comparison), ha="center", va="bottom", fontsize=7, color="0.4")


def _colours(frameworks: Sequence[FrameworkResult]) -> dict[str, str]:
    """By position in the run, so a framework keeps its colour in every panel."""
    return {result.framework: f"C{index % 10}" for index, result in enumerate(frameworks)}


# -- the panels with one group of bars per scenario -------------------------------------------


def _present_scenarios(frameworks: Sequence[FrameworkResult]) -> list[Scenario]:
    """Scenarios nobody ran would be empty groups: they are left out of the axis altogether."""
    return [
        scenario
        for scenario in SCENARIOS
        if any(_load(result, scenario) is not None for result in frameworks)
    ]


def _load(result: FrameworkResult, scenario: Scenario) -> LoadResult | None:
    found = result.scenario(scenario.name)
    return found.load if found is not None else None


def _grouped_bars(
    ax: Axes,
    frameworks: Sequence[FrameworkResult],
    colours: dict[str, str],
    value: Callable[[LoadResult], float],
) -> list[tuple[BarContainer, list[LoadResult]]]:
    """Bars per framework, side by side within each scenario; a skipped scenario has no bar."""
    scenarios = _present_scenarios(frameworks)
    width = GROUP_WIDTH / max(1, len(frameworks))
    drawn = []
    for index, result in enumerate(frameworks):
        offset = (index - (len(frameworks) - 1) / 2) * width
        points = [
            (position + offset, load)
            for position, scenario in enumerate(scenarios)
            if (load := _load(result, scenario)) is not None
        ]
        xs, loads = [x for x, _ in points], [load for _, load in points]
        bars = ax.bar(xs, [value(load) for load in loads], width, color=colours[result.framework])
        drawn.append((bars, loads))
    ax.set_xticks(range(len(scenarios)), [scenario.label for scenario in scenarios])
    ax.tick_params(axis="x", length=0)
    return drawn


def _requests_panel(
    ax: Axes, frameworks: Sequence[FrameworkResult], colours: dict[str, str]
) -> None:
    drawn = _grouped_bars(ax, frameworks, colours, lambda load: load.requests_per_second)
    for bars, loads in drawn:
        labels = [_whole(load.requests_per_second) for load in loads]
        ax.bar_label(bars, labels, padding=2, fontsize=7)
        _label_errors(ax, bars, loads)
    ax.set_title("Requests per second (higher is better)", loc="left", fontweight="bold")
    ax.yaxis.set_major_formatter(_integer_formatter())
    _finish(ax)


def _latency_panel(
    ax: Axes, frameworks: Sequence[FrameworkResult], colours: dict[str, str]
) -> None:
    """p99 as the bar, p50 as a thin dark bar inside it: the gap between them is the tail."""
    drawn = _grouped_bars(ax, frameworks, colours, lambda load: load.p99 * 1000)
    width = GROUP_WIDTH / max(1, len(frameworks))
    for bars, loads in drawn:
        xs = [bar.get_x() + bar.get_width() / 2 for bar in bars]
        ax.bar(xs, [load.p50 * 1000 for load in loads], width * 0.3, color="0.15", zorder=3)
        ax.bar_label(bars, [_ms(load.p99 * 1000) for load in loads], padding=2, fontsize=7)
        _label_errors(ax, bars, loads)
    p99s = [load.p99 for _, loads in drawn for load in loads if load.p99 > 0]
    scale = "log" if p99s and max(p99s) / min(p99s) > LOG_RATIO else "linear"
    if scale == "log":
        from matplotlib.ticker import FuncFormatter

        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,g}"))  # not 10^3
    title = f"Latency, ms: bar p99, dark inner bar p50 (lower is better, {scale} scale)"
    ax.set_title(title, loc="left", fontweight="bold")
    _finish(ax)


def _label_errors(ax: Axes, bars: BarContainer, loads: Sequence[LoadResult]) -> None:
    """A rate earned with failing requests is not a clean rate: say so right above the bar."""
    labels = [f"{load.errors:,} err" if load.errors > 0 else "" for load in loads]
    if any(labels):
        ax.bar_label(bars, labels, padding=11, fontsize=7, color=ERROR_COLOUR, fontweight="bold")


# -- the panels with one bar per framework -----------------------------------------------------


def _memory_mb(result: FrameworkResult) -> float | None:
    sizes = result.rss_per_worker
    return statistics.median(sizes) / 1_000_000 if sizes else None


def _cold_start_ms(result: FrameworkResult) -> float | None:
    starts = result.cold_starts
    return statistics.median(starts) * 1000 if starts else None


def _per_framework_panel(
    ax: Axes,
    frameworks: Sequence[FrameworkResult],
    colours: dict[str, str],
    value: Callable[[FrameworkResult], float | None],
    label: Callable[[float], str],
) -> None:
    """A framework without the figure keeps its place on the axis, marked, but gets no bar."""
    values = [value(result) for result in frameworks]
    for position, (result, amount) in enumerate(zip(frameworks, values, strict=True)):
        if amount is None:
            ax.text(position, 0, "no data", ha="center", va="bottom", fontsize=7, color="0.4")
            continue
        bars = ax.bar([position], [amount], 0.6, color=colours[result.framework])
        ax.bar_label(bars, [label(amount)], padding=2, fontsize=7)
    names = [result.framework for result in frameworks]
    ax.set_xticks(range(len(names)), names)
    ax.tick_params(axis="x", length=0)
    ax.set_ylabel("median of the runs", color="0.4")
    ax.yaxis.set_major_formatter(_integer_formatter())
    _finish(ax)


# -- shared pieces -----------------------------------------------------------------------------


def _finish(ax: Axes) -> None:
    """Headroom for the labels above the bars, and a quiet grid to read values off."""
    ax.margins(y=0.18)
    if ax.get_yscale() == "linear":
        ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)


def _ms(value: float) -> str:
    """Sub-10 ms differences matter (a fast /health), larger ones do not need the decimal."""
    return f"{value:.1f}" if value < 10 else _whole(value)


def _whole(value: float) -> str:
    return f"{value:,.0f}"


def _integer_formatter() -> Formatter:
    """Plain grouped integers on the axis: matplotlib would write 1e4 or 12000.0."""
    from matplotlib.ticker import StrMethodFormatter

    return StrMethodFormatter("{x:,.0f}")


def _title(comparison: Comparison) -> str:
    settings = comparison.settings
    database = settings.get("database", "?")
    concurrency, workers = settings.get("concurrency", "?"), settings.get("workers", "?")
    title = f"forge compare: {database}, {concurrency} connections, {workers} workers"
    if database == "postgres" and "db_latency" in settings:
        title += f"; slow DB: +{settings['db_latency'] * 1000:g} ms per round trip"
    return title


def _footer(comparison: Comparison) -> str:
    """Where and with what the figures were taken: numbers from another machine do not compare."""
    tool = comparison.load_tool
    name, version = tool.get("name", ""), tool.get("version", "")
    load_tool = version if name and name in version else f"{name} {version}".strip()
    parts = [comparison.machine.get("summary"), load_tool, _date(comparison.started)]
    return "  ·  ".join(str(part) for part in parts if part)


def _date(started: str) -> str:
    """Minutes are enough to tell runs apart; results.py promises UTC, a naive time is taken so."""
    try:
        moment = datetime.fromisoformat(started)
    except ValueError:
        return started
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
