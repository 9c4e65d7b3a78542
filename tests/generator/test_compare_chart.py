"""The chart of `forge compare`: real files, honest labels, the same bytes for the same data."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.compare.chart import draw_chart
from generator.compare.results import (
    SCENARIOS,
    Comparison,
    FrameworkResult,
    LoadResult,
    ScenarioResult,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TITLE = "forge compare: postgres, 64 connections, 4 workers"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _framework(
    name: str, rate: float, *, skip: str | None = None, errors: int = 0
) -> FrameworkResult:
    scenarios = []
    for index, scenario in enumerate(SCENARIOS):
        if scenario.name == skip:
            scenarios.append(ScenarioResult(scenario.name, None, skipped="no async driver"))
            continue
        rps = rate / (index + 1)
        load = LoadResult(
            rps,
            p50=0.002 * (index + 1),
            p99=0.009 * (index + 1),
            requests=int(rps * 10),
            errors=errors if scenario.name == "create" else 0,
        )
        scenarios.append(ScenarioResult(scenario.name, load))
    return FrameworkResult(
        framework=name,
        server={"worker_class": "sync", "workers": 4, "threads": 1},
        scenarios=scenarios,
        # Medians chosen to print as labels no axis tick would: fastapi 59 MB, flask 54, django 53;
        # cold starts 1,023, 533 and 423 ms.
        rss_per_worker=[int(50e6 + rate * 1000), int(50e6 + rate * 1000) + 1, 0],
        cold_starts=[0.123 + rate / 10_000, 9.0, 0.0],
    )


@pytest.fixture
def comparison() -> Comparison:
    return Comparison(
        settings={"database": "postgres", "concurrency": 64, "workers": 4},
        machine={"summary": "8 x Test CPU, 16 GB, Linux"},
        load_tool={"name": "oha", "path": "/usr/bin/oha", "version": "oha 1.4.5"},
        forge_version="0.1.0",
        started="2025-06-01T10:00:00+00:00",
        frameworks=[
            _framework("fastapi", 9000),
            _framework("flask", 4100, skip="io"),
            _framework("django", 3000, errors=12),
        ],
    )


def _texts(svg: Path) -> list[str]:
    root = ET.parse(svg).getroot()
    return ["".join(element.itertext()) for element in root.iter(f"{SVG_NS}text")]


def test_importing_the_chart_leaves_matplotlib_unloaded() -> None:
    """The other forge commands import the package; only drawing may pay for matplotlib."""
    code = "import sys, generator.compare.chart; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "False"


def test_both_files_are_written_and_are_what_they_claim(
    comparison: Comparison, tmp_path: Path
) -> None:
    paths = draw_chart(comparison, tmp_path)

    assert paths == [tmp_path / "compare.svg", tmp_path / "compare.png"]
    png = paths[1].read_bytes()
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 10_000
    assert ET.parse(paths[0]).getroot().tag == f"{SVG_NS}svg"


def test_the_svg_names_everything_a_reader_needs(comparison: Comparison, tmp_path: Path) -> None:
    texts = _texts(draw_chart(comparison, tmp_path)[0])

    for name in ("fastapi", "flask", "django"):
        assert name in texts
    for scenario in SCENARIOS:
        assert scenario.label in texts
    assert TITLE in texts
    assert "12 err" in texts
    assert "4,100" in texts  # flask's /health, while its skipped "io" run has no bar
    io = next(index for index, scenario in enumerate(SCENARIOS) if scenario.name == "io")
    assert f"{4100 / (io + 1):,.0f}" not in texts
    assert any("oha 1.4.5" in text and "8 x Test CPU" in text for text in texts)
    assert {"59", "54", "53", "1,023", "533", "423"} <= set(texts)
    assert "no data" not in texts


def test_a_scenario_nobody_ran_has_no_place_on_the_axis(
    comparison: Comparison, tmp_path: Path
) -> None:
    io = next(scenario for scenario in SCENARIOS if scenario.name == "io")
    for result in comparison.frameworks:
        result.scenarios = [
            ScenarioResult("io", None, skipped="no latency proxy") if s.scenario == "io" else s
            for s in result.scenarios
        ]

    texts = _texts(draw_chart(comparison, tmp_path)[0])

    assert io.label not in texts
    assert SCENARIOS[0].label in texts


def test_a_clean_run_has_no_error_annotation(comparison: Comparison, tmp_path: Path) -> None:
    django = comparison.frameworks[2]
    django.scenarios = [
        dataclasses.replace(s, load=dataclasses.replace(s.load, errors=0)) if s.load else s
        for s in django.scenarios
    ]

    texts = _texts(draw_chart(comparison, tmp_path)[0])

    assert not any("err" in text for text in texts)


def test_latency_turns_logarithmic_only_when_the_spread_is_wide(
    comparison: Comparison, tmp_path: Path
) -> None:
    assert any("linear scale" in text for text in _texts(draw_chart(comparison, tmp_path)[0]))

    fastapi = comparison.frameworks[0]
    fastapi.scenarios = [
        dataclasses.replace(s, load=dataclasses.replace(s.load, p99=5.0)) if s.load else s
        for s in fastapi.scenarios
    ]  # 5 s against django's 9 ms at best: a ratio over 500

    texts = _texts(draw_chart(comparison, tmp_path)[0])
    assert any("log scale" in text for text in texts)
    assert "5,000" in texts


def test_the_same_data_draws_the_same_svg(comparison: Comparison, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()

    svg = draw_chart(comparison, first)[0].read_bytes()

    assert draw_chart(comparison, second)[0].read_bytes() == svg


def test_missing_memory_and_cold_starts_leave_the_bar_out(
    comparison: Comparison, tmp_path: Path
) -> None:
    flask = comparison.frameworks[1]
    flask.cold_starts, flask.rss_per_worker = [], []

    texts = _texts(draw_chart(comparison, tmp_path)[0])

    assert texts.count("no data") == 2
    assert "flask" in texts
    assert "54" not in texts
    assert "533" not in texts
    assert {"59", "53", "1,023", "423"} <= set(texts)


def test_the_title_says_how_slow_the_slow_database_was(
    comparison: Comparison, tmp_path: Path
) -> None:
    comparison.settings["db_latency"] = 0.025

    texts = _texts(draw_chart(comparison, tmp_path)[0])

    assert f"{TITLE}; slow DB: +25 ms per round trip" in texts
