"""/metrics, and what it counts: every answer once, under its route's template, never a path.

The metrics live in the process and are shared by every test in it, so each test reads what
its own requests added: the differences before and after.
"""

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector

from app.core import metrics
from tests.conftest import make_client
from tests.probes import FAILURE, NOT_FOUND, PATH
from tests.test_http import answer_each_kind

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# method, route, status
Labels = tuple[str, str, str]


def count(labels: Labels) -> float:
    method, route, status = labels
    value = REGISTRY.get_sample_value(
        "http_requests_total", {"method": method, "route": route, "status": status}
    )
    return value or 0.0


def timed(method: str, route: str) -> float:
    value = REGISTRY.get_sample_value(
        "http_request_duration_seconds_count", {"method": method, "route": route}
    )
    return value or 0.0


async def counted(
    labels: list[Labels], requests: Callable[[], Awaitable[object]]
) -> dict[Labels, float]:
    """What `requests` added to the count of each of `labels`."""
    before = {each: count(each) for each in labels}
    await requests()
    return {each: count(each) - before[each] for each in labels}


@pytest.fixture
async def anonymous(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client without a token, whether or not the project has users."""
    async with make_client(app) as client:
        yield client


async def test_a_route_is_counted_under_its_template_not_its_path(
    probe_client: httpx.AsyncClient,
) -> None:
    template = PATH + "/{probe_id}"
    document = (await probe_client.get("/openapi.json")).json()

    added = await counted(
        [("GET", template, "200"), ("GET", f"{PATH}/42", "200")],
        lambda: probe_client.get(f"{PATH}/42"),
    )

    assert template in document["paths"]
    assert added == {("GET", template, "200"): 1, ("GET", f"{PATH}/42", "200"): 0}


# Each kind of answer of tests/test_http.py, as it is counted. Those the other middleware make
# (HEAD, 413, 414, the 500 problem) keep their route too.
ANSWERS: dict[str, Labels] = {
    "health": ("GET", "/health", "200"),
    "head": ("HEAD", "/health", "200"),
    "list": ("GET", PATH, "200"),
    "created": ("POST", PATH, "201"),
    "invalid": ("POST", PATH, "422"),
    "not-json": ("POST", PATH, "400"),
    "media-type": ("POST", PATH, "415"),
    "too-large": ("POST", PATH, "413"),
    "unknown-path": ("GET", metrics.UNMATCHED_ROUTE, "404"),
    "method": ("DELETE", PATH, "405"),
    "too-long": ("GET", PATH, "414"),
    "failure": ("GET", FAILURE, "500"),
    "docs": ("GET", "/docs", "200"),
    "document": ("GET", "/openapi.json", "200"),
}


async def test_every_answer_is_counted_once_with_the_status_sent(
    probe_client: httpx.AsyncClient,
) -> None:
    added = await counted(list(ANSWERS.values()), lambda: answer_each_kind(probe_client))

    assert added == dict.fromkeys(ANSWERS.values(), 1)


async def test_refusals_by_the_route_keep_its_template(probe_client: httpx.AsyncClient) -> None:
    async def refused() -> None:
        await probe_client.get(NOT_FOUND)  # a resource's 404, raised by its route
        await probe_client.get(PATH, params={"per_page": 0})
        await probe_client.post("/health")

    added = await counted(
        [("GET", NOT_FOUND, "404"), ("GET", PATH, "422"), ("POST", "/health", "405")], refused
    )

    assert set(added.values()) == {1}


async def test_paths_no_route_matches_are_one_series(probe_client: httpx.AsyncClient) -> None:
    async def scan() -> None:
        for path in ("/wp-login.php", "/.env", f"{PATH}/not-a-number", "/health/"):
            await probe_client.get(path)

    added = await counted([("GET", metrics.UNMATCHED_ROUTE, "404")], scan)

    assert added == {("GET", metrics.UNMATCHED_ROUTE, "404"): 4}


async def test_a_made_up_method_is_counted_as_other(probe_client: httpx.AsyncClient) -> None:
    added = await counted(
        [("OTHER", "/health", "405")], lambda: probe_client.request("BREW", "/health")
    )

    assert added == {("OTHER", "/health", "405"): 1}


async def test_each_answer_is_timed(probe_client: httpx.AsyncClient) -> None:
    before = timed("GET", "/health")

    for _ in range(3):
        await probe_client.get("/health")

    assert timed("GET", "/health") - before == 3


async def test_metrics_are_served_to_anyone_as_prometheus_text(
    anonymous: httpx.AsyncClient,
) -> None:
    await anonymous.get("/health")

    response = await anonymous.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"] == metrics.CONTENT_TYPE
    assert 'http_requests_total{method="GET",route="/health",status="200"}' in response.text
    assert "http_request_duration_seconds_bucket{" in response.text
    # The app's headers are on it too.
    assert response.headers["x-request-id"]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_scrapes_are_not_counted(anonymous: httpx.AsyncClient) -> None:
    async def scrape() -> None:
        await anonymous.get("/metrics")
        await anonymous.head("/metrics")

    added = await counted([("GET", "/metrics", "200"), ("HEAD", "/metrics", "200")], scrape)

    assert set(added.values()) == {0}
    assert 'route="/metrics"' not in (await anonymous.get("/metrics")).text


async def test_metrics_are_not_in_the_api_document(anonymous: httpx.AsyncClient) -> None:
    document = (await anonymous.get("/openapi.json")).json()

    assert "/metrics" not in document["paths"]


# A gunicorn worker, in short: it counts requests in PROMETHEUS_MULTIPROC_DIR, then exits.
WORKER = """
import os
from app.core import metrics
metrics.observe("GET", "/health", 200, 0.25)
metrics.observe("GET", "/health", 200, 0.5)
metrics.observe("POST", "/api/tasks", 201, 1.5)
print(os.getpid())
"""


def serve_and_exit(directory: Path) -> int:
    """Runs a worker that counts in `directory`; its process id."""
    done = subprocess.run(  # noqa: S603 - the interpreter running the suite
        [sys.executable, "-c", WORKER],
        env={**os.environ, metrics.MULTIPROCESS_DIRECTORY: str(directory)},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def totals(directory: Path) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample a scrape of `directory` gives, as prometheus-client adds them up."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, str(directory))
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in registry.collect()
        for sample in family.samples
    }


def test_a_dead_workers_counts_are_folded_into_the_archive(tmp_path: Path) -> None:
    first = serve_and_exit(tmp_path)
    served = totals(tmp_path)

    metrics.fold_dead_worker(str(tmp_path), first)

    assert totals(tmp_path) == served
    assert not list(tmp_path.glob(f"*_{first}.db"))
    # Counters, and the histogram's count, sum and every bucket.
    names = {name for name, _ in served}
    assert {"http_requests_total", "http_request_duration_seconds_count"} <= names
    assert {"http_request_duration_seconds_sum", "http_request_duration_seconds_bucket"} <= names

    second = serve_and_exit(tmp_path)
    metrics.fold_dead_worker(str(tmp_path), second)

    assert totals(tmp_path) == {sample: 2 * value for sample, value in served.items()}
    assert sorted(path.name for path in tmp_path.glob("*.db")) == [
        "counter_archive.db",
        "histogram_archive.db",
    ]


def test_a_worker_that_served_nothing_has_nothing_to_fold(tmp_path: Path) -> None:
    metrics.fold_dead_worker(str(tmp_path), serve_and_exit(tmp_path))
    served = totals(tmp_path)

    metrics.fold_dead_worker(str(tmp_path), os.getpid())  # this process counts in memory

    assert totals(tmp_path) == served


def test_metrics_sum_every_workers_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_and_exit(tmp_path)
    metrics.fold_dead_worker(str(tmp_path), serve_and_exit(tmp_path))
    monkeypatch.setenv(metrics.MULTIPROCESS_DIRECTORY, str(tmp_path))

    text = metrics.exposition().decode()

    assert 'http_requests_total{method="GET",route="/health",status="200"} 4.0' in text
    assert 'http_request_duration_seconds_sum{method="GET",route="/health"} 1.5' in text


def test_a_new_run_starts_from_nothing(tmp_path: Path) -> None:
    metrics.fold_dead_worker(str(tmp_path), serve_and_exit(tmp_path))
    serve_and_exit(tmp_path)  # a worker of the earlier run that was never folded

    metrics.clear_directory(str(tmp_path))

    assert not list(tmp_path.glob("*.db"))
    assert totals(tmp_path) == {}
