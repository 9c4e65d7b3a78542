"""What the skeleton's middleware, logging and error handling cost on `GET /health`.

Each generated skeleton is served as in production (`APP_ENV=production`, migrated, its own
`gunicorn -c gunicorn.conf.py`) next to a minimal app of the same framework: one `/health` route
answering the same JSON, under gunicorn with the same worker class, workers, threads and server
settings, read from the skeleton's resolved gunicorn configuration. What the minimal app leaves
out is what is measured: the skeleton's middleware, its access and request logging (gunicorn's
access log, logger class and hooks) and its error handling. The two are served one at a time and
loaded in alternating rounds with a real HTTP load tool (wrk, else oha); the ratio of their
median requests/s is the figure, because absolute rates on a shared 2-core machine are noise,
beside the ratio of the servers' CPU per request (`_cpu.py`), which leaves out
time spent waiting for a core.

Both environments are made by uv: the skeleton's from its pyproject.toml (its `install`
command), the minimal app's with the framework, server and gunicorn pinned to what the skeleton
resolved and every other package constrained to the skeleton's versions.

    uv run python benchmarks/health_overhead.py [--rounds 3] [--duration 5] [--connections 64]
        [--workers 2] [--frameworks fastapi,flask,django]
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import (
    BenchmarkError,
    add_frameworks_option,
    clean_environment,
    format_ratio,
    free_port,
    machine_summary,
    median,
    new_installed_skeleton,
    print_table,
    run_checked,
    running,
    scratch_dir,
    wait_until_answering,
)
from _cpu import ServerCpu, cpu_cells
from health_apps import MINIMAL_APPS, MINIMAL_REQUIREMENTS

from generator.compare.loadtool import LoadTool, find_load_tool
from generator.compare.processes import ServerFailed
from generator.compare.results import SCENARIOS, LoadResult
from generator.errors import ForgeError

SECRET_KEY = "benchmark-only-" + "k" * 48
# Without recycling: the faster app would recycle its workers within a run and the slower not,
# so the ratio would depend on --duration. `--gunicorn-args ""` keeps the skeleton's own.
NO_RECYCLING = "--max-requests 0"
HEALTH_KEYS = {"status", "uptime", "version"}
HEALTH = next(scenario for scenario in SCENARIOS if scenario.name == "health")
NO_LOAD_TOOL = (
    "health_overhead: no HTTP load tool on PATH: install wrk (Debian/Ubuntu: "
    "`apt-get install -y wrk`; macOS: `brew install wrk`) or oha (`cargo install oha`, "
    "`brew install oha`, `pacman -S oha`), then run again. A Python client would measure itself, "
    "not the server, so there is no fallback."
)

# Run in the skeleton's environment: its gunicorn settings as gunicorn would resolve them from
# gunicorn.conf.py under the benchmark's environment, hooks named but not copied.
RESOLVE_SETTINGS = """\
import json, os, platform, runpy, tempfile
from gunicorn.config import KNOWN_SETTINGS
names = {s.name for s in KNOWN_SETTINGS}
# gunicorn.conf.py makes a metrics directory unless one is named: name one that goes away.
with tempfile.TemporaryDirectory() as metrics:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics
    namespace = runpy.run_path("gunicorn.conf.py")
settings = {
    key: ("<hook>" if callable(value) else value)
    for key, value in namespace.items()
    if key in names
}
print(json.dumps({"python": platform.python_version(), "settings": settings}))
"""


def is_logging_setting(name: str) -> bool:
    """The skeleton's logging is part of what is measured, so the minimal app keeps gunicorn's
    defaults for these (no access log; the error log on stderr)."""
    return (
        "log" in name
        or name.startswith(("statsd", "dogstatsd", "syslog"))
        or name in {"capture_output", "enable_stdio_inheritance"}
    )


@dataclass
class ServedApp:
    """One of the two apps compared: how to serve it and what each round measured."""

    label: str
    path: Path
    argv: list[str]
    env: dict[str, str]
    results: list[LoadResult] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the server's CPU seconds per request


@dataclass
class Pair:
    framework: str
    skeleton: ServedApp
    minimal: ServedApp
    versions: dict[str, str]
    copied: dict[str, Any]
    left_out: list[str]


def prepare(framework: str, root: Path, workers: int) -> Pair:
    """Generate and install the skeleton, then write and install the minimal app beside it."""
    uv = shutil.which("uv")
    if uv is None:
        raise BenchmarkError("uv is not on PATH: `pip install uv` (it makes both environments)")
    skeleton, python, settings = prepare_skeleton(framework, root, workers)
    copied = {
        name: value
        for name, value in settings.items()
        if name not in {"wsgi_app", "bind"} and value != "<hook>" and not is_logging_setting(name)
    }
    if str(copied.get("worker_class", "")).startswith("app."):
        # The skeleton's own worker class (FastAPI's: uvicorn-worker's, without the Server
        # header) lives in its package, which the minimal app's environment has not.
        copied["worker_class"] = "uvicorn_worker.UvicornWorker"
    left_out = sorted(name for name in settings if name not in copied)
    minimal, versions = prepare_minimal(framework, root, uv, skeleton, python, copied)
    return Pair(framework, skeleton, minimal, versions, copied, left_out)


def prepare_skeleton(
    framework: str, root: Path, workers: int
) -> tuple[ServedApp, str, dict[str, Any]]:
    """The skeleton as a person gets it: `forge new`, then its own install and migrate
    commands; returned with its Python version and its resolved gunicorn settings."""
    from generator.registry import get_template

    commands = get_template(framework).commands
    env = clean_environment(
        APP_ENV="production", SECRET_KEY=SECRET_KEY, WEB_CONCURRENCY=str(workers)
    )
    project = new_installed_skeleton(framework, root, env)
    resolved = json.loads(
        run_checked(
            [project / ".venv" / "bin" / "python", "-c", RESOLVE_SETTINGS],
            cwd=project,
            env={**env, "PORT": "8000"},
        ).stdout
    )
    skeleton = ServedApp("skeleton", project, shlex.split(commands["serve"]), env)
    return skeleton, str(resolved["python"]), dict(resolved["settings"])


def prepare_minimal(
    framework: str,
    root: Path,
    uv: str,
    skeleton: ServedApp,
    python: str,
    settings: dict[str, Any],
) -> tuple[ServedApp, dict[str, str]]:
    """The minimal app in an environment of its own: the framework, its server and gunicorn
    pinned to the skeleton's versions, everything else constrained to them. Returns the app
    and the pinned versions, checked to be the skeleton's."""
    freeze = _frozen_versions(uv, skeleton.path)
    names = [
        _normalize(requirement.split("[")[0]) for requirement in MINIMAL_REQUIREMENTS[framework]
    ]
    missing = [name for name in names if name not in freeze]
    if missing:
        raise BenchmarkError(f"the {framework} skeleton's environment has no {', '.join(missing)}")
    directory = root / f"{framework}-minimal"
    directory.mkdir()
    (directory / "requirements.txt").write_text(
        "".join(
            f"{requirement}=={freeze[name]}\n"
            for requirement, name in zip(MINIMAL_REQUIREMENTS[framework], names, strict=True)
        )
    )
    (directory / "constraints.txt").write_text(
        "".join(f"{name}=={version}\n" for name, version in freeze.items())
    )
    (directory / "app.py").write_text(
        MINIMAL_APPS[framework].format(version=_skeleton_version(framework), secret=SECRET_KEY)
    )
    (directory / "gunicorn.conf.py").write_text(minimal_config(settings))

    venv = directory / ".venv"
    env = clean_environment()
    run_checked([uv, "venv", "-q", "--python", python, venv], cwd=directory, env=env)
    pip_install: list[str | Path] = [
        uv,
        "pip",
        "install",
        "-q",
        "--python",
        venv / "bin" / "python",
    ]
    run_checked(
        [*pip_install, "-r", "requirements.txt", "-c", "constraints.txt"], cwd=directory, env=env
    )
    installed = _frozen_versions(uv, directory)
    for name in names:
        if installed.get(name) != freeze[name]:
            got = installed.get(name)
            raise BenchmarkError(f"{name}: the minimal app got {got}, the skeleton {freeze[name]}")
    argv = [str(venv / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"]
    return ServedApp("minimal", directory, argv, env), {name: freeze[name] for name in names}


def _skeleton_version(framework: str) -> str:
    """The version the skeleton's /health answers with (its template's default), so that the
    minimal app sends a body of the same size."""
    from generator.registry import get_template

    manifest = json.loads((get_template(framework).path / "cookiecutter.json").read_text())
    return str(manifest.get("version", "0.1.0"))


def minimal_config(copied: dict[str, Any], module: str = "app") -> str:
    """A gunicorn.conf.py serving `module`:app with the skeleton's server settings `copied`."""
    lines = [
        '"""Written by forge\'s benchmarks: the skeleton\'s resolved server and worker settings,',
        'without its logging or hooks, which are part of what is measured."""',
        "",
        "import os",
        "",
        f'wsgi_app = "{module}:app"',
        "bind = f\"0.0.0.0:{os.environ['PORT']}\"",
    ]
    lines += [f"{name} = {value!r}" for name, value in sorted(copied.items())]
    return "\n".join(lines) + "\n"


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _frozen_versions(uv: str, project: Path) -> dict[str, str]:
    """name -> version of what uv installed in `project`/.venv, the project itself left out."""
    output = run_checked(
        [uv, "pip", "freeze", "--python", project / ".venv" / "bin" / "python"],
        cwd=project,
        env=clean_environment(),
    ).stdout
    versions = {}
    for line in output.splitlines():
        name, separator, version = line.strip().partition("==")
        if separator and not line.startswith("-"):
            versions[_normalize(name)] = version
    return versions


def measure_once(app: ServedApp, tool: LoadTool, arguments: argparse.Namespace) -> LoadResult:
    """Serve `app` alone, check its /health, warm it up, load it, stop it and its workers;
    the server's CPU per request goes to `app.cpu`."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/health"
    log = app.path.parent / f"{app.path.name}-server.log"
    env = {**app.env, "PORT": str(port)}
    if arguments.gunicorn_args:
        # gunicorn takes GUNICORN_CMD_ARGS over its config file: the same override for both.
        env["GUNICORN_CMD_ARGS"] = arguments.gunicorn_args
    with running(app.argv, cwd=app.path, env=env, log=log) as process:
        body = json.loads(wait_until_answering(url, process, log))
        if not isinstance(body, dict) or set(body) != HEALTH_KEYS or body["status"] != "ok":
            raise BenchmarkError(f"{app.label} /health answered {body!r}")
        base = url.removesuffix("/health")
        tool.run(base, HEALTH, duration=arguments.warmup, connections=arguments.connections)
        meter = ServerCpu(process.pid)
        result = tool.run(
            base, HEALTH, duration=arguments.duration, connections=arguments.connections
        )
        if (cpu := meter.per_request(result.requests)) is not None:
            app.cpu.append(cpu)
        if process.poll() is not None:
            raise BenchmarkError(f"the {app.label} server exited during the load")
    log.unlink(missing_ok=True)  # the skeleton's access log: megabytes per round
    return result


def run_rounds(pair: Pair, tool: LoadTool, arguments: argparse.Namespace) -> None:
    """Alternate which app goes first, so a drift in the machine's load favours neither."""
    for number in range(arguments.rounds):
        order = (pair.skeleton, pair.minimal)
        for app in order if number % 2 == 0 else reversed(order):
            result = measure_once(app, tool, arguments)
            app.results.append(result)
            print(
                f"  round {number + 1}/{arguments.rounds} {app.label:8} "
                f"{result.requests_per_second:8.0f} req/s  p50 {_ms(result.p50)}  "
                f"p99 {_ms(result.p99)}  errors {result.errors}"
                + ("  (nothing answered: every worker restarting?)" if not result.requests else ""),
                flush=True,
            )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _medians(app: ServedApp) -> tuple[float, float, float, int]:
    """Median requests/s, p50 and p99 over the rounds, and the errors of all rounds."""
    results = app.results
    return (
        median([r.requests_per_second for r in results]),
        median([r.p50 for r in results]),
        median([r.p99 for r in results]),
        sum(r.errors for r in results),
    )


def report(pairs: list[Pair], arguments: argparse.Namespace) -> None:
    print()
    print(
        f"Medians over {arguments.rounds} round(s) of {arguments.duration} s, "
        f"{arguments.connections} connections, {arguments.workers} workers"
        + (f", gunicorn {arguments.gunicorn_args}" if arguments.gunicorn_args else "")
        + "; ratio = skeleton / minimal requests/s; by CPU = minimal / skeleton server CPU per"
        " request (µs)."
    )
    rows = []
    for pair in pairs:
        s_rate, s_p50, s_p99, s_errors = _medians(pair.skeleton)
        m_rate, m_p50, m_p99, m_errors = _medians(pair.minimal)
        rows.append(
            [
                pair.framework,
                f"{s_rate:.0f}",
                f"{m_rate:.0f}",
                format_ratio(s_rate / m_rate) if m_rate else "n/a",
                f"{_ms(s_p50)} / {_ms(s_p99)}",
                f"{_ms(m_p50)} / {_ms(m_p99)}",
                f"{s_errors} / {m_errors}",
                *cpu_cells(pair.skeleton.cpu, pair.minimal.cpu),
            ]
        )
    print_table(
        [
            "framework",
            "skeleton req/s",
            "minimal req/s",
            "skeleton / minimal",
            "skeleton p50 / p99",
            "minimal p50 / p99",
            "errors s / m",
            "CPU µs s / m",
            "by CPU",
        ],
        rows,
    )


# The options every load benchmark takes (this one and listing_overhead.py), all at least 1.
LOAD_OPTIONS = ("rounds", "duration", "warmup", "connections", "workers", "threads")


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """Rounds, load and server options, the same in every load benchmark."""
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each app (default 3)")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load (default 5)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up (default 2)")
    parser.add_argument("--connections", type=int, default=64, help="open connections (64)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--threads", type=int, default=2, help="load tool threads, wrk only (default 2)"
    )
    parser.add_argument(
        "--gunicorn-args",
        default=NO_RECYCLING,
        help=f"extra gunicorn options for every app (default {NO_RECYCLING!r}: see the README)",
    )
    add_frameworks_option(parser)


def refuse_below_one(
    parser: argparse.ArgumentParser, arguments: argparse.Namespace, *names: str
) -> None:
    for name in names:
        if getattr(arguments, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_load_options(parser)
    arguments = parser.parse_args(argv)
    refuse_below_one(parser, arguments, *LOAD_OPTIONS)
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    tool = find_load_tool(arguments.threads)
    if tool is None:
        print(NO_LOAD_TOOL, file=sys.stderr)
        return 2
    print(f"health_overhead: {machine_summary()}")
    print(f"load tool: {tool.version()}")
    pairs: list[Pair] = []
    try:
        with scratch_dir("forge-bench-health-") as scratch:
            for framework in arguments.frameworks:
                print(f"{framework}: generating, installing both environments ...", flush=True)
                pair = prepare(framework, scratch, arguments.workers)
                print(
                    "  versions in both: "
                    + ", ".join(f"{name} {version}" for name, version in pair.versions.items())
                )
                print(
                    "  server settings from the skeleton: "
                    + ", ".join(f"{name}={value}" for name, value in sorted(pair.copied.items()))
                )
                print("  skeleton only: " + ", ".join(pair.left_out), flush=True)
                if arguments.gunicorn_args:
                    print(f"  overridden for both (GUNICORN_CMD_ARGS): {arguments.gunicorn_args}")
                run_rounds(pair, tool, arguments)
                pairs.append(pair)
    except (BenchmarkError, ForgeError, ServerFailed) as error:
        print(f"health_overhead: error: {error}", file=sys.stderr)
        return 1
    report(pairs, arguments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
