"""`forge compare`: the same API in each framework, under the same load, one at a time.

Per framework: generate the skeleton, install it as a deployment would, migrate, time a few
cold starts, then serve it with gunicorn and its own gunicorn.conf.py (the same number of
workers for all), seed a table of tasks and load each scenario after a warm-up. The I/O-bound
case serves the same listing with every database exchange delayed by a proxy, so what it
shows is each server's concurrency model waiting, not its CPU.
"""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from generator.compare import postgres
from generator.compare.identity import ANONYMOUS, Identity, sign_in
from generator.compare.loadtool import LoadTool, find_load_tool
from generator.compare.machine import describe_machine, load_average
from generator.compare.options import CompareOptions
from generator.compare.results import (
    SCENARIOS,
    Comparison,
    FrameworkResult,
    Scenario,
    ScenarioResult,
)
from generator.compare.serving import Served, seed_tasks, serve
from generator.compare.skeleton import Skeleton, prepare_skeleton
from generator.errors import (
    ComparisonFailedError,
    MissingExtraError,
    NoLoadToolError,
    OutputExistsError,
    PostgresNeededError,
    ToolMissingError,
)
from generator.version import __version__

__all__ = ["REPORT_FILES", "Progress", "compare", "write_report"]

REPORT_FILES = ("compare.json", "compare.svg", "compare.png")
SQLITE_HAS_NO_WAIT = (
    "needs --database postgres: SQLite runs inside the worker, so there is no network "
    "round trip to wait on"
)


@dataclass(frozen=True)
class Progress:
    """One step begun: `done` of `total` finished before it; `seconds` when its length is known."""

    done: int
    total: int
    framework: str
    step: str
    seconds: float | None = None


ProgressCallback = Callable[[Progress], None]


def _silent(_: Progress) -> None:
    pass


def compare(options: CompareOptions, progress: ProgressCallback = _silent) -> Comparison:
    """Measure each framework of `options` and, with `options.out`, write the report there.

    Everything that can be checked beforehand (load tool, uv, PostgreSQL, the report files and
    the chart's library) is checked before any skeleton is generated.
    """
    _check_out(options.out)
    machine = describe_machine()
    if options.database == "postgres":
        if not options.postgres_url:
            raise PostgresNeededError(postgres.POSTGRES_URL_VARIABLE)
        machine["postgresql"] = postgres.check_server(options.postgres_url)
    tool, uv = _tools()
    comparison = Comparison(
        settings=options.as_json(),
        machine=machine,
        load_tool={"name": tool.name, "path": tool.path, "version": tool.version()},
        forge_version=__version__,
        started=_now(),
    )
    steps = _Steps(progress, total=len(options.frameworks) * _steps_per_framework(options))
    with tempfile.TemporaryDirectory(prefix="forge-compare-") as scratch:
        for framework in options.frameworks:
            run = _FrameworkRun(framework, options, tool, uv, Path(scratch), steps)
            comparison.frameworks.append(run.measure())
    comparison.finished = _now()
    comparison.machine["load_average_end"] = load_average()
    if options.out is not None:
        comparison.files = [str(path) for path in write_report(comparison, options.out)]
    return comparison


def write_report(comparison: Comparison, out: Path) -> list[Path]:
    """compare.json with every figure, and the chart; nothing that exists is overwritten."""
    from generator.compare.chart import draw_chart

    _check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    report = out / "compare.json"
    report.write_text(json.dumps(comparison.to_json(), indent=2) + "\n", encoding="utf-8")
    return [report, *draw_chart(comparison, out)]


def _tools() -> tuple[LoadTool, str]:
    tool = find_load_tool()
    if tool is None:
        raise NoLoadToolError()
    uv = shutil.which("uv")
    if uv is None:
        raise ToolMissingError(
            "uv", "forge compare installs each skeleton with it", "install it: `pip install uv`"
        )
    return tool, uv


def _check_out(out: Path | None) -> None:
    if out is None:
        return
    for name in REPORT_FILES:
        if (out / name).exists():
            raise OutputExistsError(out / name)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise MissingExtraError(
            "matplotlib", "the chart of forge compare --out", "compare"
        ) from None


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _steps_per_framework(options: CompareOptions) -> int:
    # set up, cold starts, seed, then each scenario (the I/O one only on PostgreSQL)
    return 3 + len(SCENARIOS) - (options.database != "postgres")


class _Steps:
    def __init__(self, progress: ProgressCallback, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def begin(self, framework: str, step: str, seconds: float | None = None) -> None:
        self.progress(Progress(self.done, self.total, framework, step, seconds))
        self.done += 1


class _FrameworkRun:
    """The measurements of one framework, in an order that keeps them fair: the listings run
    before the writes, so every framework pages through a table of the same size."""

    def __init__(
        self,
        framework: str,
        options: CompareOptions,
        tool: LoadTool,
        uv: str,
        scratch: Path,
        steps: _Steps,
    ) -> None:
        self.framework, self.options, self.tool, self.uv = framework, options, tool, uv
        self.scratch, self.steps = scratch / framework, steps
        self.scratch.mkdir()
        self.scenarios = {scenario.name: scenario for scenario in SCENARIOS}
        # Who the load is: a user of the skeleton once _reads has signed in, if it has users.
        self.identity: Identity = ANONYMOUS

    def measure(self) -> FrameworkResult:
        with ExitStack() as stack:
            url = self._database(stack)
            self.steps.begin(self.framework, "generate, install and migrate")
            skeleton = prepare_skeleton(
                self.framework,
                database=self.options.database,
                database_url=url,
                workers=self.options.workers,
                root=self.scratch,
                uv=self.uv,
            )
            result = _result(skeleton)
            self._cold_starts(skeleton, result)
            self._reads(skeleton, result)
            self._waits(skeleton, url, result)
            self._writes(skeleton, result)
            return result

    def _database(self, stack: ExitStack) -> str:
        if self.options.database == "postgres":
            assert self.options.postgres_url is not None
            prefix = f"forge_compare_{self.framework}"
            return stack.enter_context(postgres.database(self.options.postgres_url, prefix))
        return f"sqlite:///{self.scratch / 'compare.db'}"

    def _cold_starts(self, skeleton: Skeleton, result: FrameworkResult) -> None:
        self.steps.begin(self.framework, f"{self.options.cold_starts} cold starts")
        for _ in range(self.options.cold_starts):
            with serve(skeleton) as served:
                result.cold_starts.append(served.cold_start)

    def _reads(self, skeleton: Skeleton, result: FrameworkResult) -> None:
        with serve(skeleton) as served:
            seed = f"seed {self.options.seed} tasks"
            if skeleton.has_users:
                self.steps.begin(self.framework, f"register, log in and {seed}")
                # One login serves every later server of this skeleton: the token is signed
                # with its SECRET_KEY and its user is in its database, both kept across them.
                self.identity = sign_in(served)
            else:
                self.steps.begin(self.framework, seed)
            seed_tasks(served, self.options.seed, self.identity.headers_for("/api/tasks"))
            self._check_listing(served)
            for name in ("health", "list"):
                result.scenarios.append(self._load(served, self.scenarios[name]))
            result.rss_per_worker += served.worker_rss()

    def _waits(self, skeleton: Skeleton, url: str, result: FrameworkResult) -> None:
        scenario = self.scenarios["io"]
        if self.options.database != "postgres":
            result.scenarios.append(ScenarioResult(scenario.name, None, SQLITE_HAS_NO_WAIT))
            return
        from generator.compare.latency import delayed_proxy

        host, port = postgres.address(url)
        with ExitStack() as stack:
            try:
                proxy = stack.enter_context(delayed_proxy(host, port, self.options.db_latency))
            except RuntimeError as error:
                raise ComparisonFailedError(
                    self.framework, "start the latency proxy", str(error)
                ) from None
            slow = postgres.through(url, *proxy)
            served = stack.enter_context(serve(skeleton, database_url=slow))
            self._check_listing(served)
            result.scenarios.append(self._load(served, scenario))

    def _writes(self, skeleton: Skeleton, result: FrameworkResult) -> None:
        with serve(skeleton) as served:
            result.scenarios.append(self._load(served, self.scenarios["create"]))
            result.rss_per_worker += served.worker_rss()

    def _load(self, served: Served, scenario: Scenario) -> ScenarioResult:
        options = self.options
        self.steps.begin(self.framework, scenario.label, options.warmup + options.duration)
        # The token on every /api request (the listing, the slow listing, the insert): its
        # check is part of what each framework pays. /health stays anonymous.
        headers = self.identity.headers_for(scenario.path)
        connections = options.concurrency
        if options.warmup >= 1:
            self.tool.run(
                served.base_url,
                scenario,
                duration=options.warmup,
                connections=connections,
                headers=headers,
            )
        before = served.worker_pids()
        load = self.tool.run(
            served.base_url,
            scenario,
            duration=options.duration,
            connections=connections,
            headers=headers,
        )
        restarts = len(served.worker_pids() - before)
        return ScenarioResult(scenario.name, load, worker_restarts=restarts)

    def _check_listing(self, served: Served) -> None:
        """The listing pages through the seeded table, so the load measures what it says."""
        path = "/api/tasks?per_page=10"
        status, body = served.get_json(path, self.identity.headers_for(path))
        expected = min(10, self.options.seed)
        if (
            status != 200
            or not isinstance(body, dict)
            or len(body.get("items", ())) != expected
            or body.get("total") != self.options.seed
        ):
            raise ComparisonFailedError(
                self.framework,
                "list the seeded tasks",
                f"GET /api/tasks?per_page=10 answered {status}: {str(body)[:500]}",
            )


def _result(skeleton: Skeleton) -> FrameworkResult:
    server = {key: skeleton.server.get(key) for key in ("worker_class", "workers", "threads")}
    return FrameworkResult(
        skeleton.framework,
        server={**server, "python": skeleton.python},
        lines_of_code=skeleton.lines_of_code,
        dependencies=skeleton.dependencies,
        dependencies_bytes=skeleton.dependencies_bytes,
        versions=skeleton.versions,
        auth=skeleton.auth,
    )
