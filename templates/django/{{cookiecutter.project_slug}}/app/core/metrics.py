"""Prometheus metrics: one contract in every forge skeleton, correct across gunicorn workers.

The names and labels are the same whatever the framework (`http_requests_total` and
`http_request_duration_seconds`, labelled by method, the route's template and the status), so
one dashboard serves them all: that is why a thin middleware over prometheus-client records them
instead of a framework's exporter, each of which names them its own way.

Under gunicorn every worker is a process of its own. prometheus-client's multiprocess mode has
each worker write its samples to files in PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py sets it
before anything imports the client) and a scrape adds them up. A worker that exits leaves its
files, so totals never go down; with worker recycling they pile up and every scrape reads them
all. `fold_dead_worker`, run by gunicorn's master as each worker exits, adds the dead worker's
counts into one archive file per kind and removes its files: a scrape reads live workers plus
one archive, however many workers have come and gone.

Without PROMETHEUS_MULTIPROC_DIR (the development server, the tests) the metrics live in the
process, and /metrics shows that process's.
"""

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.multiprocess import MultiProcessCollector

__all__ = [
    "CONTENT_TYPE",
    "MULTIPROCESS_DIRECTORY",
    "UNMATCHED_ROUTE",
    "clear_directory",
    "exposition",
    "fold_dead_worker",
    "method_label",
    "observe",
    "route_template",
]

MULTIPROCESS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
# Every path that matches no route is counted under this one label: raw paths would give
# scanners a new time series per probe and exhaust Prometheus's memory.
UNMATCHED_ROUTE = "unmatched"
# The same reasoning for methods: any other verb a client makes up is counted as OTHER.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# The kinds whose dead workers' samples are added up; a gauge's would need its own rule.
FOLDED_KINDS = ("counter", "histogram")
# Held shared while a scrape reads the files and exclusively while a dead worker's are folded,
# so that a scrape never counts a worker twice, or misses one, mid-fold.
LOCK_FILE = "fold.lock"

REQUESTS = Counter(
    "http_requests_total",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from receiving a request to the end of its answer, by method and route template.",
    ["method", "route"],
)


def method_label(method: str) -> str:
    return method if method in KNOWN_METHODS else "OTHER"


def observe(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request; `route` is the template (`/api/tasks/{task_id}`)."""
    requests, duration = _series(method_label(method), route, status)
    requests.inc()
    duration.observe(seconds)


@cache
def _series(method: str, route: str, status: int) -> tuple[Counter, Histogram]:
    """The counter and the histogram of one method, route and status, looked up once per
    process: `labels` checks the labels and takes a lock on every call. There are no more of
    them than of time series, which the labels bound (KNOWN_METHODS, UNMATCHED_ROUTE)."""
    return REQUESTS.labels(method, route, str(status)), DURATION.labels(method, route)


def exposition() -> bytes:
    """The text a scrape gets: every worker's samples summed, or this process's alone."""
    directory = os.environ.get(MULTIPROCESS_DIRECTORY)
    if not directory:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, directory)
    with _locked(directory, fcntl.LOCK_SH):
        return generate_latest(registry)


def clear_directory(directory: str) -> None:
    """Start from nothing: files left by an earlier run would be added to this one's counts."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for leftover in path.glob("*.db"):
        leftover.unlink()


def fold_dead_worker(directory: str, pid: int) -> None:
    """Add an exited worker's counts into the archive files, then remove its own files."""
    with _locked(directory, fcntl.LOCK_EX):
        for kind in FOLDED_KINDS:
            dead = Path(directory, f"{kind}_{pid}.db")
            if not dead.exists():
                continue
            archive = MmapedDict(str(Path(directory, f"{kind}_archive.db")))
            try:
                for key, value, timestamp, _ in MmapedDict.read_all_values_from_file(str(dead)):
                    total, _ = archive.read_value(key)
                    archive.write_value(key, total + value, timestamp)
            finally:
                archive.close()
            dead.unlink()


@contextmanager
def _locked(directory: str, kind: int) -> Iterator[None]:
    with open(Path(directory, LOCK_FILE), "a") as lock:
        fcntl.flock(lock, kind)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def route_template(rule: str) -> str:
    """`/api/tasks/<int:task_id>` (Flask's and Django's notation) as the OpenAPI template
    `/api/tasks/{task_id}`, the label every skeleton uses."""
    return _PARAMETER.sub(r"{\1}", rule)
