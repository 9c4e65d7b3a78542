"""What a /metrics scrape costs once gunicorn has recycled many workers.

In prometheus-client's multiprocess mode every worker writes its samples to files of its own,
and a scrape reads every file in the directory. A worker that exits leaves its files (its
counts must stay in the totals), so with worker recycling (`max_requests`) they pile up. The
skeletons' gunicorn.conf.py folds each dead worker's files into one archive per kind
(`app.core.metrics.fold_dead_worker`); prometheus-client's documented recipe only calls
`mark_process_dead`, which removes nothing but live gauges' files.

For each framework, the skeleton as `forge new` makes it is served by gunicorn with two workers
that are recycled every few requests, twice: with its own configuration ("folded") and with the
same configuration whose `child_exit` is the documented recipe ("standard"). Traffic goes to a
few routes until `--recycled` workers have been replaced. The scrape is timed before and after,
in the skeleton's own environment, as `app.core.metrics.exposition()` (the work /metrics does,
without the HTTP round trip and the recycling workers' queueing around it).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from _common import (
    BenchmarkError,
    add_frameworks_option,
    clean_environment,
    format_ratio,
    free_port,
    machine_summary,
    new_installed_skeleton,
    print_table,
    run_checked,
    running,
    scratch_dir,
    wait_until_answering,
)

SECRET_KEY = "benchmark-" + "k" * 40
# Requests each worker serves before gunicorn replaces it: small, to recycle many quickly.
MAX_REQUESTS = 2
PATHS = ("/health", "/api/tasks/1", "/no/such/path")
STANDARD_CONFIG = """\
# gunicorn.conf.py as generated, but for prometheus-client's documented child_exit.
import runpy

from prometheus_client import multiprocess

globals().update(runpy.run_path("gunicorn.conf.py"))


def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)
"""
TIME_SCRAPE = """\
import statistics, sys, time
from app.core.metrics import exposition
times = []
for _ in range(int(sys.argv[1])):
    started = time.perf_counter()
    exposition()
    times.append(time.perf_counter() - started)
print(statistics.median(times))
"""


@dataclass
class Result:
    framework: str
    mode: str
    recycled: int
    files: int
    fresh: float
    after: float


def prepare(framework: str, root: Path) -> tuple[Path, dict[str, str]]:
    """The skeleton as a person gets it: `forge new`, its install and migrate commands."""
    env = clean_environment(APP_ENV="production", SECRET_KEY=SECRET_KEY, WEB_CONCURRENCY="2")
    project = new_installed_skeleton(framework, root, env)
    (project / "standard.conf.py").write_text(STANDARD_CONFIG)
    return project, env


def measure(
    framework: str, project: Path, env: dict[str, str], mode: str, arguments: argparse.Namespace
) -> Result:
    directory = project.parent / f"metrics-{mode}"
    config = "gunicorn.conf.py" if mode == "folded" else "standard.conf.py"
    port = free_port()
    served = {
        **env,
        "PORT": str(port),
        "PROMETHEUS_MULTIPROC_DIR": str(directory),
        "GUNICORN_CMD_ARGS": f"--max-requests {MAX_REQUESTS} --max-requests-jitter 0",
    }
    log = project.parent / f"{mode}.log"
    python = project / ".venv" / "bin" / "python"
    url = f"http://127.0.0.1:{port}"
    with running([python, "-m", "gunicorn", "-c", config], cwd=project, env=served, log=log) as p:
        wait_until_answering(f"{url}/health", p, log)
        _traffic(url, 10)
        fresh = _scrape_time(python, project, served, arguments.scrapes)
        number = 0
        while _booted(log) < arguments.recycled + 2:
            _traffic(url, 1, offset=number)
            number += 1
        recycled = _booted(log) - 2
        files = len(list(directory.glob("*.db")))
        after = _scrape_time(python, project, served, arguments.scrapes)
    print(
        f"{framework} {mode}: {recycled} recycled, {files} files, scrape "
        f"{fresh * 1000:.2f} -> {after * 1000:.2f} ms",
        flush=True,
    )
    return Result(framework, mode, recycled, files, fresh, after)


def _traffic(url: str, rounds: int, offset: int = 0) -> None:
    for number in range(rounds):
        path = PATHS[(number + offset) % len(PATHS)]
        # A 401 or a 404 is counted as well as a 200.
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(f"{url}{path}", timeout=30).close()


def _booted(log: Path) -> int:
    return log.read_text(errors="replace").count("Booting worker")


def _scrape_time(python: Path, project: Path, env: dict[str, str], scrapes: int) -> float:
    output = run_checked([python, "-c", TIME_SCRAPE, str(scrapes)], cwd=project, env=env).stdout
    return float(output.strip())


def report(results: list[Result]) -> None:
    rows = []
    for result in results:
        rows.append(
            [
                result.framework,
                result.mode,
                str(result.recycled),
                str(result.files),
                f"{result.fresh * 1000:.2f} ms",
                f"{result.after * 1000:.2f} ms",
                format_ratio(result.after / result.fresh),
            ]
        )
    print()
    print_table(
        [
            "framework",
            "child_exit",
            "recycled",
            "files",
            "scrape fresh",
            "scrape after",
            "after / fresh",
        ],
        rows,
    )
    print()
    by_key = {(result.framework, result.mode): result for result in results}
    for framework in dict.fromkeys(result.framework for result in results):
        folded, standard = by_key[framework, "folded"], by_key[framework, "standard"]
        print(
            f"{framework}: standard / folded after recycling = "
            f"{format_ratio(standard.after / folded.after)}"
        )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_frameworks_option(parser)
    parser.add_argument("--recycled", type=int, default=200, help="workers to recycle (200)")
    parser.add_argument("--scrapes", type=int, default=20, help="timed scrapes, median (20)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    print(machine_summary(), flush=True)
    results = []
    try:
        with scratch_dir("forge-scrape-") as root:
            for framework in arguments.frameworks:
                project, env = prepare(framework, root)
                for mode in ("folded", "standard"):
                    results.append(measure(framework, project, env, mode, arguments))
    except BenchmarkError as error:
        print(f"metrics_scrape: {error}", file=sys.stderr)
        return 1
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
