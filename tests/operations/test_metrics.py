"""GET /metrics served by gunicorn with two workers that are recycled along the way: known
traffic is counted exactly, summed over the workers, dead ones included, under the route's
template; and a dead worker's files do not stay behind to slow every scrape down."""

import re
from pathlib import Path

import httpx
import pytest

from tests.support.database import fresh_database
from tests.support.project import BakedProject
from tests.support.serving import Server, production_environment, serving

pytestmark = pytest.mark.once_per_framework

# Each worker exits after this many requests and gunicorn starts another: the traffic below is
# several times that, so workers die while it is counted.
MAX_REQUESTS = 20
HEALTH_CHECKS = 70
TASK_READS = 15
UNMATCHED = 10


def test_known_traffic_is_counted_exactly_across_recycled_workers(
    installed: BakedProject, tmp_path: Path
) -> None:
    metrics_directory = tmp_path / "metrics"
    env = production_environment(
        "",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_directory),
        GUNICORN_CMD_ARGS=f"--max-requests {MAX_REQUESTS} --max-requests-jitter 0",
    )
    with fresh_database(installed.combination.database, tmp_path) as database_url:
        env["DATABASE_URL"] = database_url
        with serving(installed, env) as server:
            before = _samples(server)
            # A new connection each time: a recycled worker closes the ones it kept alive.
            for _ in range(HEALTH_CHECKS):
                assert httpx.get(f"{server.url}/health", timeout=10).status_code == 200
            for task_id in range(1, TASK_READS + 1):
                # No token: 401, answered for the route (never a raw path such as /api/tasks/7).
                answer = httpx.get(f"{server.url}/api/tasks/{task_id}", timeout=10)
                assert answer.status_code == 401
            for number in range(UNMATCHED):
                assert httpx.get(f"{server.url}/no/such/{number}", timeout=10).status_code == 404
            scrape = httpx.get(f"{server.url}/metrics", timeout=10)
            after = _samples(server, scrape)
            booted = server.output().count("Booting worker")
            left = sorted(path.name for path in metrics_directory.glob("*.db"))

    assert scrape.status_code == 200
    assert scrape.headers["content-type"].startswith("text/plain")
    health = 'http_requests_total{method="GET",route="/health",status="200"}'
    task = 'http_requests_total{method="GET",route="/api/tasks/{task_id}",status="401"}'
    unmatched = 'http_requests_total{method="GET",route="unmatched",status="404"}'
    duration = 'http_request_duration_seconds_count{method="GET",route="/health"}'
    # The start-up health checks of `serving` came before `before`.
    assert after[health] - before.get(health, 0) == HEALTH_CHECKS
    assert after[duration] - before.get(duration, 0) == HEALTH_CHECKS
    assert after[task] - before.get(task, 0) == TASK_READS
    assert after[unmatched] - before.get(unmatched, 0) == UNMATCHED
    # No raw path is a label, and scrapes are not counted.
    assert not [name for name in after if re.search(r'route="/(api/tasks/\d|no/)', name)]
    assert not [name for name in after if 'route="/metrics"' in name]
    # Workers were recycled while it counted: more boots than the two it started with (uvicorn
    # checks its limit on a timer, so how many more is not exact).
    assert booted > 2
    # Dead workers' counts were folded into one archive per kind: files of live workers only.
    per_worker = [name for name in left if "archive" not in name]
    assert {"counter_archive.db", "histogram_archive.db"} <= set(left)
    assert len(per_worker) <= 2 * 2, left


def _samples(server: Server, scrape: httpx.Response | None = None) -> dict[str, float]:
    """The scrape's samples by their name and labels; lines in one format for every skeleton."""
    if scrape is None:
        scrape = httpx.get(f"{server.url}/metrics", timeout=10)
    assert scrape.status_code == 200, scrape.text
    samples = {}
    for line in scrape.text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples
