"""GET /metrics, what is counted in it and under which labels, and the counts of gunicorn's
workers, kept in files, outliving the workers.

The registry is the process's, shared with every other test: each test reads the differences
its own requests made.
"""

import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from apiflask import APIFlask
from flask import request
from flask.testing import FlaskClient
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from werkzeug.exceptions import MethodNotAllowed

from app.api.metrics import METRICS_PATH, ROUTE_KEY, MetricsMiddleware, note_route
from app.core.config import PROJECT_ROOT
from app.core.metrics import (
    CONTENT_TYPE,
    MULTIPROCESS_DIRECTORY,
    UNMATCHED_ROUTE,
    clear_directory,
    exposition,
    fold_dead_worker,
)
from app.core.middleware import REQUEST_ID_HEADER, SECURITY_HEADERS
from tests.probes import FAILURE, FOUND, ITEM, PATH

REQUESTS = "http_requests_total"
DURATIONS = "http_request_duration_seconds"
# The probes' item route, as the OpenAPI document writes its path.
ITEM_ROUTE = PATH + "/{probe_id}"


def requests_counted(method: str, route: str, status: int) -> float:
    labels = {"method": method, "route": route, "status": str(status)}
    return REGISTRY.get_sample_value(REQUESTS, labels) or 0.0


def durations_counted(method: str, route: str) -> float:
    labels = {"method": method, "route": route}
    return REGISTRY.get_sample_value(f"{DURATIONS}_count", labels) or 0.0


def all_requests_counted() -> float:
    return sum(
        sample.value
        for family in REGISTRY.collect()
        for sample in family.samples
        if sample.name == REQUESTS
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "counted"),
    [
        ("GET", "/health", None, ("GET", "/health", 200)),
        ("HEAD", "/health", None, ("HEAD", "/health", 200)),
        ("GET", "/health/ready", None, ("GET", "/health/ready", 200)),
        ("GET", ITEM, None, ("GET", ITEM_ROUTE, 200)),
        ("POST", PATH, {"title": "Counted"}, ("POST", PATH, 201)),
        # Answered by the route, or for it: each keeps its route.
        ("GET", f"{PATH}/{FOUND + 1}", None, ("GET", ITEM_ROUTE, 404)),
        ("POST", PATH, {"title": ""}, ("POST", PATH, 422)),
        ("DELETE", PATH, None, ("DELETE", PATH, 405)),
        ("GET", FAILURE, None, ("GET", FAILURE, 500)),
        # No route: one label for every such path, whatever a scanner tries.
        ("GET", "/nowhere", None, ("GET", UNMATCHED_ROUTE, 404)),
        ("GET", "/wp-admin/setup.php", None, ("GET", UNMATCHED_ROUTE, 404)),
        # One label for every made-up method too.
        ("BREW", "/health", None, ("OTHER", "/health", 405)),
        ("BREW", "/nowhere", None, ("OTHER", UNMATCHED_ROUTE, 404)),
    ],
)
def test_each_answer_is_counted_once_under_its_route_template(
    probe_client: FlaskClient,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    counted: tuple[str, str, int],
) -> None:
    label, route, status = counted
    requests_before = requests_counted(*counted)
    durations_before = durations_counted(label, route)

    response = probe_client.open(path, method=method, json=body)

    assert response.status_code == status
    assert requests_counted(*counted) - requests_before == 1
    assert durations_counted(label, route) - durations_before == 1


def test_the_route_is_the_documented_path_never_the_raw_one(probe_client: FlaskClient) -> None:
    before = requests_counted("GET", ITEM_ROUTE, 200)

    probe_client.get(ITEM)

    assert requests_counted("GET", ITEM_ROUTE, 200) - before == 1
    raw = {"method": "GET", "route": ITEM, "status": "200"}
    assert REGISTRY.get_sample_value(REQUESTS, raw) is None
    assert ITEM_ROUTE in probe_client.get("/openapi.json").get_json()["paths"]


def test_the_size_limits_answer_is_counted_with_the_route(
    make_probe_client: Callable[..., FlaskClient],
) -> None:
    client = make_probe_client(max_body_size=16)
    before = requests_counted("POST", PATH, 413)

    response = client.post(PATH, json={"title": "x" * 64})

    assert response.status_code == 413
    assert requests_counted("POST", PATH, 413) - before == 1


def test_an_error_escaping_the_app_is_counted_as_the_500_the_server_sends() -> None:
    def failing(environ: Any, start_response: Any) -> Iterable[bytes]:
        raise RuntimeError("escaped")

    def start_response(*args: Any) -> Any:
        raise AssertionError("nothing was answered")

    middleware = MetricsMiddleware(failing)
    before = requests_counted("GET", UNMATCHED_ROUTE, 500)

    with pytest.raises(RuntimeError, match="escaped"):
        middleware({"REQUEST_METHOD": "GET", "PATH_INFO": "/health"}, start_response)

    assert requests_counted("GET", UNMATCHED_ROUTE, 500) - before == 1


@pytest.mark.parametrize("allowed", [[], ["PUT"]], ids=["none", "another-path's"])
def test_a_405_whose_route_cannot_be_matched_again_is_unmatched(
    app: APIFlask, allowed: list[str]
) -> None:
    # Werkzeug's 405s name a method the path allows; were one to name none, or another, the
    # request is counted, never failed.
    with app.test_request_context("/health", method="BREW"):
        request.routing_exception = MethodNotAllowed(valid_methods=allowed)

        note_route(None)

        assert request.environ[ROUTE_KEY] == UNMATCHED_ROUTE


def test_metrics_are_prometheus_text_with_the_apps_headers(app: APIFlask) -> None:
    # No token, whether or not the project has users: scrapers have none.
    client = app.test_client()
    client.get("/health")

    response = client.get(METRICS_PATH)

    assert response.status_code == 200
    assert response.headers["content-type"] == CONTENT_TYPE
    assert 'http_requests_total{method="GET",route="/health",status="200"}' in response.text
    assert "# TYPE http_request_duration_seconds histogram" in response.text
    assert response.headers[REQUEST_ID_HEADER]
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS


def test_scrapes_are_not_counted(app: APIFlask) -> None:
    client = app.test_client()
    before = all_requests_counted()

    for method in ("GET", "HEAD", "POST"):
        client.open(METRICS_PATH, method=method)

    assert all_requests_counted() == before


def test_metrics_are_not_in_the_openapi_document(app: APIFlask) -> None:
    document = app.test_client().get("/openapi.json").get_json()

    assert METRICS_PATH not in document["paths"]


# A gunicorn worker's life, in a process of its own: a few answers, then it exits. The package's
# __init__ imports the whole app for `create_app`, two seconds of imports this worker does not
# need: an empty stand-in for the package lets it import the metrics module alone.
WORKER = """
import os
import sys
import types

package = types.ModuleType("app")
package.__path__ = ["app"]
sys.modules["app"] = package

from app.core.metrics import observe
observe("GET", "/health", 200, 0.004)
observe("GET", "/health", 200, 0.3)
observe("BREW", "unmatched", 404, 2.5)
print(os.getpid())
"""

Totals = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def run_worker(directory: Path) -> int:
    """Runs a worker counting into `directory`, as gunicorn's do; returns its pid."""
    env = {**os.environ, MULTIPROCESS_DIRECTORY: str(directory)}
    done = subprocess.run(  # noqa: S603 (this interpreter, and a script of this file's)
        [sys.executable, "-c", WORKER],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def totals(directory: Path) -> Totals:
    """Every sample a scrape of `directory` shows: counters, histograms' buckets, counts, sums."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, str(directory))
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in registry.collect()
        for sample in family.samples
    }


def test_a_dead_workers_counts_are_folded_into_the_archive(tmp_path: Path) -> None:
    pid = run_worker(tmp_path)
    counted = totals(tmp_path)
    health = (REQUESTS, (("method", "GET"), ("route", "/health"), ("status", "200")))
    assert counted[health] == 2

    fold_dead_worker(str(tmp_path), pid)

    assert totals(tmp_path) == counted
    assert list(tmp_path.glob(f"*_{pid}.db")) == []


def test_folds_add_up_worker_after_worker(tmp_path: Path) -> None:
    first = run_worker(tmp_path)
    once = totals(tmp_path)
    fold_dead_worker(str(tmp_path), first)

    second = run_worker(tmp_path)
    # A live worker's files beside the archive: the scrape adds them.
    twice = pytest.approx({key: 2 * value for key, value in once.items()})
    assert totals(tmp_path) == twice
    fold_dead_worker(str(tmp_path), second)

    assert totals(tmp_path) == twice
    assert sorted(path.name for path in tmp_path.glob("*.db")) == [
        "counter_archive.db",
        "histogram_archive.db",
    ]


def test_folding_a_worker_that_counted_nothing_changes_nothing(tmp_path: Path) -> None:
    run_worker(tmp_path)
    counted = totals(tmp_path)

    fold_dead_worker(str(tmp_path), 0)  # no files of its own

    assert totals(tmp_path) == counted


def test_metrics_add_up_the_workers_files_under_gunicorn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fold_dead_worker(str(tmp_path), run_worker(tmp_path))
    run_worker(tmp_path)
    monkeypatch.setenv(MULTIPROCESS_DIRECTORY, str(tmp_path))

    text = exposition().decode()

    assert 'http_requests_total{method="GET",route="/health",status="200"} 4.0' in text
    assert 'http_request_duration_seconds_count{method="OTHER",route="unmatched"} 2.0' in text


def test_clearing_removes_an_earlier_runs_files(tmp_path: Path) -> None:
    run_worker(tmp_path)
    (tmp_path / "counter_archive.db").write_bytes(b"left over")
    directory = tmp_path / "not-yet-made"

    clear_directory(str(tmp_path))
    clear_directory(str(directory))

    assert list(tmp_path.glob("*.db")) == []
    assert totals(tmp_path) == {}
    assert directory.is_dir()
