"""What the skeletons' listing costs: `GET /api/tasks?per_page=10` over a seeded table, each
skeleton against minimal apps of its own framework doing the same job.

For each framework, four apps, served one at a time by gunicorn with the skeleton's resolved
server settings and loaded in rotating order with a real HTTP load tool (wrk, else oha):

- **skeleton**: the default skeleton (users and tokens), each request carrying a bearer token,
  so the token check and the user lookup are part of what it pays;
- **open**: the same skeleton made with `--auth none`;
- **orm**: a minimal app of the framework with the same ORM (`benchmarks/listing_apps.py`),
  counting and reading a page of the open skeleton's table;
- **driver**: the same two queries on the database driver directly.

The skeletons are installed as `forge compare` installs them (`uv sync --no-dev
--compile-bytecode`), migrated, and seeded through their own API; the minimal apps run in the open
skeleton's environment over its table, and must answer the page it answers. The ratios are the
figures: open / orm (what the skeleton's structure, validation and features cost over the same
stack), open / driver, and skeleton / open (what the token check costs); each also by the
servers' CPU per request (`_cpu.py`), which leaves out time spent waiting for a core.

    uv run python benchmarks/listing_overhead.py [--rounds 3] [--duration 5] [--connections 64]
        [--workers 2] [--rows 1000] [--database sqlite|postgres] [--frameworks ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _common import (
    BenchmarkError,
    format_ratio,
    free_port,
    machine_summary,
    median,
    print_table,
    run_checked,
    running,
    scratch_dir,
    wait_until_answering,
)
from _cpu import ServerCpu
from health_overhead import (
    LOAD_OPTIONS,
    add_load_options,
    is_logging_setting,
    minimal_config,
    refuse_below_one,
)
from listing_apps import MINIMAL_LISTING_APPS

from generator.compare import postgres
from generator.compare.identity import ANONYMOUS, Identity, sign_in
from generator.compare.loadtool import LoadTool, find_load_tool
from generator.compare.processes import ServerFailed
from generator.compare.results import LoadResult, Scenario
from generator.compare.serving import seed_tasks, serve
from generator.compare.skeleton import Skeleton, prepare_skeleton
from generator.errors import ForgeError

LABELS = ("skeleton", "open", "orm", "driver")
TABLES = {"fastapi": "tasks", "flask": "tasks", "django": "tasks_task"}
# Django's ORM app uses the skeleton's own DATABASES entry (connection age, pool), as resolved
# by its production settings; the other minimal apps keep their ORM's defaults.
DJANGO_DATABASE = """\
import json
import config.wsgi  # noqa: F401  (the settings gunicorn serves with)
from django.conf import settings
print(json.dumps(settings.DATABASES["default"], default=str))
"""
NO_LOAD_TOOL = (
    "listing_overhead: no HTTP load tool on PATH: install wrk (Debian/Ubuntu: "
    "`apt-get install -y wrk`; macOS: `brew install wrk`) or oha, then run again."
)


@dataclass
class App:
    """One of the four apps: how to serve it, what its requests carry, what each round gave."""

    label: str
    cwd: Path
    argv: list[str]
    env: dict[str, str]
    identity: Identity = ANONYMOUS
    results: list[LoadResult] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the server's CPU seconds per request


def listing(per_page: int) -> Scenario:
    return Scenario("list", "GET /api/tasks", "GET", f"/api/tasks?per_page={per_page}")


def prepare(framework: str, root: Path, arguments: argparse.Namespace) -> list[App]:
    """Both skeletons installed, migrated and seeded, and the two minimal apps beside them."""
    uv = shutil.which("uv")
    if uv is None:
        raise BenchmarkError("uv is not on PATH: `pip install uv` (it installs the skeletons)")
    apps = []
    for label, auth in (("skeleton", "jwt"), ("open", "none")):
        url = _database_url(framework, label, root, arguments)
        directory = root / f"{framework}-{label}"
        directory.mkdir()
        skeleton = prepare_skeleton(
            framework,
            database=arguments.database,
            database_url=url,
            workers=arguments.workers,
            root=directory,
            uv=uv,
            auth=auth,
        )
        identity = _seed(skeleton, arguments.rows)
        apps.append(_skeleton_app(label, skeleton, identity, arguments))
        if label == "open":
            apps += _minimal_apps(framework, skeleton, url, root, arguments)
    return apps


def _database_url(framework: str, label: str, root: Path, arguments: argparse.Namespace) -> str:
    if arguments.database == "postgres":
        prefix = f"forge_listing_{framework}_{label}"
        return arguments.databases.enter_context(postgres.database(arguments.postgres_url, prefix))
    return f"sqlite:///{root / f'{framework}-{label}.db'}"


def _seed(skeleton: Skeleton, rows: int) -> Identity:
    with serve(skeleton) as served:
        identity = sign_in(served) if skeleton.has_users else ANONYMOUS
        seed_tasks(served, rows, identity.headers_for("/api/tasks"))
    return identity


def _skeleton_app(
    label: str, skeleton: Skeleton, identity: Identity, arguments: argparse.Namespace
) -> App:
    venv = skeleton.path / ".venv"
    env = {
        **skeleton.env,
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
    }
    argv = [str(skeleton.gunicorn), "-c", "gunicorn.conf.py"]
    return App(label, skeleton.path, argv, _with_gunicorn_args(env, arguments), identity)


def _minimal_apps(
    framework: str, skeleton: Skeleton, url: str, root: Path, arguments: argparse.Namespace
) -> list[App]:
    """The orm and driver apps in the open skeleton's environment, reading its table, with its
    gunicorn settings less its logging and hooks (what the skeleton is measured for)."""
    settings = {
        name: value
        for name, value in skeleton.server.items()
        if name not in {"wsgi_app", "bind"} and not is_logging_setting(name)
    }
    env = {
        **skeleton.env,
        "MINIMAL_DATABASE_URL": url,
        "MINIMAL_TABLE": TABLES[framework],
    }
    if framework == "django":
        python = skeleton.path / ".venv" / "bin" / "python"
        resolved = run_checked([python, "-c", DJANGO_DATABASE], cwd=skeleton.path, env=env)
        env["MINIMAL_DJANGO_DATABASE"] = resolved.stdout.strip().splitlines()[-1]
    apps = []
    for kind, source in MINIMAL_LISTING_APPS[framework].items():
        directory = root / f"{framework}-{kind}"
        directory.mkdir()
        (directory / "minimal_app.py").write_text(source)
        (directory / "gunicorn.conf.py").write_text(minimal_config(settings, "minimal_app"))
        argv = [str(skeleton.gunicorn), "-c", "gunicorn.conf.py"]
        apps.append(App(kind, directory, argv, _with_gunicorn_args(env, arguments)))
    return apps


def _with_gunicorn_args(env: dict[str, str], arguments: argparse.Namespace) -> dict[str, str]:
    # gunicorn takes GUNICORN_CMD_ARGS over its config file: the same override for every app.
    return {**env, "GUNICORN_CMD_ARGS": arguments.gunicorn_args} if arguments.gunicorn_args else env


@contextmanager
def serving(app: App) -> Iterator[tuple[str, int]]:
    """`app` served alone on a free port until the block ends; yields its base URL and the
    process started (whose tree the CPU meter reads)."""
    port = free_port()
    log = app.cwd.parent / f"{app.cwd.name}-{app.label}-server.log"
    with running(app.argv, cwd=app.cwd, env={**app.env, "PORT": str(port)}, log=log) as process:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(f"{base}/health", process, log, timeout=120)
        yield base, process.pid
        if process.poll() is not None:
            raise BenchmarkError(f"the {app.label} server exited during the load")
    log.unlink(missing_ok=True)  # the skeleton's access log: megabytes per round


def first_page(base: str, app: App, scenario: Scenario) -> list[tuple[object, ...]]:
    """The page `app` answers, checked: per_page items of a table of --rows."""
    import urllib.request

    headers = app.identity.headers_for(scenario.path)
    request = urllib.request.Request(base + scenario.path, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items or "total" not in body:
        raise BenchmarkError(f"{app.label} answered {str(body)[:300]}")
    return [(item["id"], item["title"], item["done"], body["total"]) for item in items]


def run_rounds(apps: list[App], tool: LoadTool, arguments: argparse.Namespace) -> None:
    """Each round serves the four in an order rotated by one, so drift favours none; every
    app must answer the same page as the open skeleton (the skeleton with users: its size)."""
    scenario = listing(arguments.per_page)
    pages: dict[str, list[tuple[object, ...]]] = {}
    for number in range(arguments.rounds):
        shift = number % len(apps)
        for app in apps[shift:] + apps[:shift]:
            with serving(app) as (base, server):
                pages[app.label] = first_page(base, app, scenario)
                headers = app.identity.headers_for(scenario.path)
                options = {"connections": arguments.connections, "headers": headers}
                tool.run(base, scenario, duration=arguments.warmup, **options)
                meter = ServerCpu(server)
                result = tool.run(base, scenario, duration=arguments.duration, **options)
                if (cpu := meter.per_request(result.requests)) is not None:
                    app.cpu.append(cpu)
            app.results.append(result)
            print(
                f"  round {number + 1}/{arguments.rounds} {app.label:8} "
                f"{result.requests_per_second:8.0f} req/s  p50 {_ms(result.p50)}  "
                f"p99 {_ms(result.p99)}  errors {result.errors}",
                flush=True,
            )
        _check_pages(pages, arguments)


def _check_pages(pages: dict[str, list[tuple[object, ...]]], arguments: argparse.Namespace) -> None:
    expected = pages["open"]
    if len(expected) != arguments.per_page or expected[0][3] != arguments.rows:
        wanted = f"{arguments.per_page} of {arguments.rows}"
        raise BenchmarkError(f"the open skeleton's page is not {wanted}: {expected[:2]}")
    for label in ("orm", "driver"):
        if pages[label] != expected:
            raise BenchmarkError(f"the {label} app answered another page: {pages[label][:2]}")
    if [row[3] for row in pages["skeleton"]] != [row[3] for row in expected]:
        raise BenchmarkError("the skeleton with users did not list its user's --rows tasks")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def report(results: dict[str, list[App]], arguments: argparse.Namespace) -> None:
    print()
    print(
        f"Medians over {arguments.rounds} round(s) of {arguments.duration} s, "
        f"{arguments.connections} connections, {arguments.workers} workers, "
        f"{arguments.database}, {arguments.rows} rows, per_page={arguments.per_page}"
        + (f", gunicorn {arguments.gunicorn_args}" if arguments.gunicorn_args else "")
    )
    rows, ratios = [], []
    for framework, apps in results.items():
        rate = {app.label: median([r.requests_per_second for r in app.results]) for app in apps}
        # Requests per CPU second: the rate a server would reach with the cores to itself.
        capacity = {app.label: 1 / median(app.cpu) if app.cpu else 0.0 for app in apps}
        for app in apps:
            p50 = median([r.p50 for r in app.results])
            p99 = median([r.p99 for r in app.results])
            errors = sum(r.errors for r in app.results)
            cpu = f"{1e6 / capacity[app.label]:.0f}" if capacity[app.label] else "n/a"
            rows.append(
                [framework, app.label, f"{rate[app.label]:.0f}", f"{_ms(p50)} / {_ms(p99)}"]
            )
            rows[-1] += [str(errors), cpu]
        for figures, measure in ((rate, "requests/s"), (capacity, "CPU")):
            ratios.append([framework, measure, *(_ratio(figures, *pair) for pair in RATIOS)])
    print_table(["framework", "app", "requests/s", "p50 / p99", "errors", "CPU µs"], rows)
    print()
    print_table(["framework", "by", *(f"{top} / {bottom}" for top, bottom in RATIOS)], ratios)


# The ratios printed, each of two of the four apps.
RATIOS = (("open", "orm"), ("open", "driver"), ("skeleton", "open"), ("skeleton", "orm"))


def _ratio(rate: dict[str, float], top: str, bottom: str) -> str:
    return format_ratio(rate[top] / rate[bottom]) if rate[bottom] else "n/a"


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_load_options(parser)
    parser.add_argument("--rows", type=int, default=1000, help="tasks seeded (default 1000)")
    parser.add_argument("--per-page", type=int, default=10, help="page size (default 10)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(postgres.POSTGRES_URL_VARIABLE),
        help=f"a server to make databases on (default ${postgres.POSTGRES_URL_VARIABLE})",
    )
    arguments = parser.parse_args(argv)
    refuse_below_one(parser, arguments, *LOAD_OPTIONS, "rows")
    if not 1 <= arguments.per_page <= min(100, arguments.rows):
        parser.error("--per-page must be between 1 and min(100, --rows)")
    if arguments.database == "postgres" and not arguments.postgres_url:
        variable = postgres.POSTGRES_URL_VARIABLE
        parser.error(f"--database postgres needs --postgres-url or ${variable}")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    tool = find_load_tool(arguments.threads)
    if tool is None:
        print(NO_LOAD_TOOL, file=sys.stderr)
        return 2
    print(f"listing_overhead: {machine_summary()}")
    print(f"load tool: {tool.version()}")
    results: dict[str, list[App]] = {}
    try:
        with scratch_dir("forge-bench-listing-") as scratch, ExitStack() as databases:
            arguments.databases = databases
            if arguments.database == "postgres":
                print(f"PostgreSQL {postgres.check_server(arguments.postgres_url)}")
            for framework in arguments.frameworks:
                print(f"{framework}: generating, installing, seeding ...", flush=True)
                apps = prepare(framework, scratch, arguments)
                run_rounds(apps, tool, arguments)
                results[framework] = apps
    except (BenchmarkError, ForgeError, ServerFailed) as error:
        print(f"listing_overhead: error: {error}", file=sys.stderr)
        return 1
    report(results, arguments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
