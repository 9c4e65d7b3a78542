"""/metrics, and what it counts: every answer once, by method, the route's template (as the
OpenAPI document writes it) and the status that left; and the totals gunicorn's workers leave
behind when they exit.

The registry is the process's and every test's requests add to it: counts are read as what a
test added, and the whole of it, so that a request counted under a second name shows too.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from pytest_django import Settings

from app.core import metrics
from app.core.metrics import CONTENT_TYPE, UNMATCHED_ROUTE, clear_directory, fold_dead_worker
from app.core.middleware import SECURITY_HEADERS
from config.settings.base import middleware
from tests.conftest import JSON, body_of, send_json
from tests.probes import FAILURE, PATH

pytestmark = pytest.mark.urls("tests.probes")

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ORIGIN = "https://app.example"
ITEM = PATH + "/{probe_id}"
Labels = tuple[str, str, str]


def requests_counted() -> dict[Labels, float]:
    """http_requests_total, by (method, route, status)."""
    return {
        (sample.labels["method"], sample.labels["route"], sample.labels["status"]): sample.value
        for family in REGISTRY.collect()
        if family.name == "http_requests"
        for sample in family.samples
        if sample.name == "http_requests_total"
    }


class Added:
    """What was counted since it was made."""

    def __init__(self) -> None:
        self.before = requests_counted()

    def __call__(self) -> dict[Labels, float]:
        after = requests_counted()
        return {
            labels: value - self.before.get(labels, 0.0)
            for labels, value in after.items()
            if value != self.before.get(labels, 0.0)
        }


@pytest.fixture
def added() -> Added:
    return Added()


@pytest.fixture
def crashing_client() -> Client:
    """A client that sees the 500, where Django's test client would re-raise the error."""
    return Client(raise_request_exception=False)


def test_a_route_with_a_parameter_is_counted_under_its_template(
    client: Client, added: Added
) -> None:
    created = send_json(client, "POST", PATH, {"title": "Counted"})
    fetched = client.get(created["Location"])

    assert fetched.status_code == 200
    assert added() == {("POST", PATH, "201"): 1, ("GET", ITEM, "200"): 1}


def test_each_answer_is_timed_once_under_its_template(client: Client) -> None:
    labels = {"method": "GET", "route": "/health"}
    before = REGISTRY.get_sample_value("http_request_duration_seconds_count", labels) or 0.0

    client.get("/health")

    after = REGISTRY.get_sample_value("http_request_duration_seconds_count", labels)
    assert after == before + 1


def test_paths_matching_no_route_are_counted_as_unmatched(
    client: Client, settings: Settings, added: Added
) -> None:
    unknown = client.get("/wp-login.php")
    not_an_id = client.get(PATH + "/abc")  # `int:` refuses it: no route
    too_large = client.generic(  # refused before Django looks for a route
        "POST", "/wp-login.php", b"x" * (settings.MAX_BODY_SIZE + 1), content_type=JSON
    )

    assert [unknown.status_code, not_an_id.status_code, too_large.status_code] == [404, 404, 413]
    assert added() == {("GET", UNMATCHED_ROUTE, "404"): 2, ("POST", UNMATCHED_ROUTE, "413"): 1}


def test_errors_answered_by_a_route_keep_its_template(
    client: Client, crashing_client: Client, added: Added
) -> None:
    not_allowed = client.delete(PATH)
    invalid = client.get(PATH, {"page": "0"})
    missing = client.get(PATH + "/999999")
    broken = crashing_client.get(FAILURE)

    statuses = [r.status_code for r in (not_allowed, invalid, missing, broken)]
    assert statuses == [405, 422, 404, 500]
    assert added() == {
        ("DELETE", PATH, "405"): 1,
        ("GET", PATH, "422"): 1,
        ("GET", ITEM, "404"): 1,
        ("GET", FAILURE, "500"): 1,
    }


def test_a_made_up_method_is_counted_as_other(client: Client, added: Added) -> None:
    response = client.generic("BREW", PATH)

    assert response.status_code == 405
    assert added() == {("OTHER", PATH, "405"): 1}


def test_answers_made_before_the_path_is_resolved_keep_its_template(
    settings: Settings, added: Added
) -> None:
    """By a middleware (the 413, a CORS preflight) or by WhiteNoise (a static file)."""
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    settings.MIDDLEWARE = middleware(cors=True)
    client = Client()  # after the change: it loads the middleware

    too_large = client.generic("POST", PATH, b"x" * (settings.MAX_BODY_SIZE + 1), content_type=JSON)
    preflight = client.options(
        PATH, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    static = client.get("/static/admin/css/base.css")
    static.close()  # a static file's response holds the file open until then

    assert [too_large.status_code, preflight.status_code, static.status_code] == [413, 200, 200]
    assert added() == {
        ("POST", PATH, "413"): 1,
        ("OPTIONS", PATH, "200"): 1,
        ("GET", "/static/{path}", "200"): 1,
    }


def test_routes_written_as_regular_expressions_read_as_templates(
    client: Client, added: Added
) -> None:
    response = client.get("/admin/users/")  # the admin's app index: a re_path

    assert response.status_code == 302  # to the admin's sign-in
    assert added() == {("GET", "/admin/{app_label}/", "302"): 1}


def test_every_path_of_the_document_is_counted_under_itself(client: Client) -> None:
    paths = set(body_of(client.get("/openapi.json"))["paths"])
    added = Added()

    for path in paths:
        client.get(re.sub(r"\{[^}]+\}", "1", path))

    assert {route for _, route, _ in added()} == paths


def test_metrics_are_served_as_prometheus_text_and_not_counted(
    client: Client, added: Added
) -> None:
    client.get("/health")
    scraped = client.get("/metrics")
    client.head("/metrics")
    refused = client.post("/metrics")

    assert scraped.status_code == 200
    assert scraped["Content-Type"] == CONTENT_TYPE
    assert 'http_requests_total{method="GET",route="/health",status="200"}' in (
        scraped.content.decode()
    )
    assert "http_request_duration_seconds_bucket{" in scraped.content.decode()
    assert refused.status_code == 405
    assert added() == {("GET", "/health", "200"): 1}


def test_metrics_carry_the_headers_every_answer_does(client: Client) -> None:
    response = client.get("/metrics", headers={"X-Request-ID": "scrape-1"})

    assert response["X-Request-ID"] == "scrape-1"
    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-token"}], ids=["no-token", "bad-token"]
)
def test_metrics_need_no_token(headers: dict[str, str]) -> None:
    assert Client(headers=headers).get("/metrics").status_code == 200


def test_metrics_are_not_in_the_document(client: Client) -> None:
    paths = body_of(client.get("/openapi.json"))["paths"]

    assert "/metrics" not in paths


# gunicorn's workers: each writes its samples to files of its own, and the master folds those
# of a worker that exits into the archive (gunicorn.conf.py). A worker here is a process run
# with PROMETHEUS_MULTIPROC_DIR set, as gunicorn runs them.

WORKER = """
import os
from app.core.metrics import observe
for method, route, status, seconds in {observations!r}:
    observe(method, route, status, seconds)
print(os.getpid())
"""
FIRST = [("GET", "/health", 200, 0.004), ("GET", "/health", 200, 0.3), ("POST", PATH, 201, 2.0)]
SECOND = [("GET", "/health", 200, 0.02), ("GET", ITEM, 404, 0.07)]
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def run_worker(directory: Path, observations: list[tuple[str, str, int, float]]) -> int:
    """The pid of a worker that recorded `observations` and exited."""
    done = subprocess.run(  # noqa: S603 - this interpreter, on a script of the test's own
        [sys.executable, "-c", WORKER.format(observations=observations)],
        cwd=PROJECT_ROOT,
        env={**os.environ, metrics.MULTIPROCESS_DIRECTORY: str(directory)},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def totals(directory: Path) -> Samples:
    """What a scrape of `directory` adds up: every sample of every file, by name and labels."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, str(directory))
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in registry.collect()
        for sample in family.samples
    }


def requests_in(samples: Samples, route: str) -> float:
    labels = (("method", "GET"), ("route", route), ("status", "200"))
    return samples.get(("http_requests_total", labels), 0.0)


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "metrics"


def test_folding_a_dead_worker_keeps_its_totals_and_removes_its_files(directory: Path) -> None:
    clear_directory(str(directory))
    pid = run_worker(directory, FIRST)
    written = totals(directory)

    fold_dead_worker(str(directory), pid)

    assert totals(directory) == written
    assert not list(directory.glob(f"*_{pid}.db"))
    assert requests_in(written, "/health") == 2
    labels = (("method", "GET"), ("route", "/health"))
    assert written[("http_request_duration_seconds_count", labels)] == 2
    assert written[("http_request_duration_seconds_sum", labels)] == pytest.approx(0.304)
    bucket = (("le", "0.005"), ("method", "GET"), ("route", "/health"))
    assert written[("http_request_duration_seconds_bucket", bucket)] == 1


def test_folding_another_dead_worker_adds_up(directory: Path) -> None:
    clear_directory(str(directory))
    first = run_worker(directory, FIRST)
    fold_dead_worker(str(directory), first)
    second = run_worker(directory, SECOND)
    both = totals(directory)

    fold_dead_worker(str(directory), second)
    fold_dead_worker(str(directory), 999_999_999)  # a worker that never counted anything

    assert totals(directory) == both
    assert requests_in(both, "/health") == 3
    assert sorted(path.name for path in directory.glob("*.db")) == [
        "counter_archive.db",
        "histogram_archive.db",
    ]


def test_a_scrape_adds_up_the_workers(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clear_directory(str(directory))
    fold_dead_worker(str(directory), run_worker(directory, FIRST))
    run_worker(directory, SECOND)  # exited, not folded yet: as if scraped mid-way
    monkeypatch.setenv(metrics.MULTIPROCESS_DIRECTORY, str(directory))

    text = metrics.exposition().decode()

    assert 'http_requests_total{method="GET",route="/health",status="200"} 3.0' in text


def test_clearing_removes_an_earlier_runs_files(directory: Path) -> None:
    clear_directory(str(directory))  # made if missing
    fold_dead_worker(str(directory), run_worker(directory, FIRST))
    run_worker(directory, SECOND)

    clear_directory(str(directory))

    assert not list(directory.glob("*.db"))
    assert totals(directory) == {}
