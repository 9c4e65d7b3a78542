"""What `forge compare` measured, as plain data: the terminal table, the JSON file and the chart
are all drawn from these, so they can never disagree.

Times are in seconds and sizes in bytes throughout; only the presentation converts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "SCENARIOS",
    "Comparison",
    "FrameworkResult",
    "LoadResult",
    "Scenario",
    "ScenarioResult",
]


@dataclass(frozen=True)
class Scenario:
    """One load the frameworks are put under, the same for each."""

    name: str  # short id: "health", "list", "create", "io"
    label: str  # for tables and charts, e.g. "GET /health"
    method: str
    path: str
    body: str | None = None  # JSON, for POST


# In the order they run: the writes last, so every listing pages through the seeded table alone.
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("health", "GET /health", "GET", "/health"),
    Scenario("list", "GET /api/tasks", "GET", "/api/tasks?per_page=10"),
    # The same listing with every database round trip delayed (see generator.compare.latency):
    # what each concurrency model does while its requests wait.
    Scenario("io", "GET /api/tasks, slow DB", "GET", "/api/tasks?per_page=10"),
    Scenario(
        "create",
        "POST /api/tasks",
        "POST",
        "/api/tasks",
        '{"title": "Measure the frameworks", "done": false}',
    ),
)


@dataclass(frozen=True)
class LoadResult:
    """One load run as the load tool reported it."""

    requests_per_second: float
    p50: float
    p99: float
    requests: int
    errors: int  # non-2xx answers and socket errors


@dataclass(frozen=True)
class ScenarioResult:
    scenario: str  # Scenario.name
    load: LoadResult | None
    skipped: str | None = None  # why there is no load result, for a reader
    # Workers gunicorn replaced during the load (the skeletons recycle them after a number of
    # requests): a restart shows in the latency tail, and the reader should know why.
    worker_restarts: int = 0


@dataclass
class FrameworkResult:
    """Everything measured of one framework's skeleton."""

    framework: str
    server: dict[str, Any]  # worker_class, workers, threads as gunicorn resolved them
    scenarios: list[ScenarioResult] = field(default_factory=list)
    rss_per_worker: list[int] = field(default_factory=list)  # each worker after the loads
    cold_starts: list[float] = field(default_factory=list)  # start of gunicorn to first 200
    lines_of_code: dict[str, int] = field(default_factory=dict)  # "app", "tests", "migrations"
    dependencies: int = 0  # installed distributions, the project itself left out
    dependencies_bytes: int = 0  # their size on disk
    versions: dict[str, str] = field(default_factory=dict)  # every installed distribution
    # "jwt": every /api request of the load carried a bearer token (the token itself is never
    # kept); "none": the open skeleton, as every report before users and tokens existed.
    auth: str = "none"

    def scenario(self, name: str) -> ScenarioResult | None:
        return next((result for result in self.scenarios if result.scenario == name), None)


@dataclass
class Comparison:
    """A whole run: its settings, where it ran, and each framework's figures."""

    settings: dict[str, Any]  # frameworks, database, duration, warmup, concurrency, workers, ...
    machine: dict[str, Any]  # cpu model and count, memory, os, python, load average
    load_tool: dict[str, str]  # name, path, version
    forge_version: str
    started: str  # ISO 8601, UTC
    finished: str = ""
    frameworks: list[FrameworkResult] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the report's files, once written

    def to_json(self) -> dict[str, Any]:
        figures = asdict(self)
        del figures["files"]
        return figures

    @classmethod
    def from_json(cls, figures: dict[str, Any]) -> Comparison:
        """A report read back from compare.json, e.g. to draw its chart again."""
        frameworks = [
            FrameworkResult(
                **{
                    **result,
                    "scenarios": [
                        ScenarioResult(
                            scenario["scenario"],
                            LoadResult(**scenario["load"]) if scenario["load"] else None,
                            scenario.get("skipped"),
                            scenario.get("worker_restarts", 0),
                        )
                        for scenario in result["scenarios"]
                    ],
                }
            )
            for result in figures["frameworks"]
        ]
        return cls(**{**figures, "frameworks": frameworks})
