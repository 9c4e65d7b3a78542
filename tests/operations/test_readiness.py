"""Readiness follows the database: 503 while PostgreSQL is down, 200 again once it is back."""

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.combinations import SUPPORTED, Combination
from tests.support.postgres import PrivateCluster, private_cluster
from tests.support.project import BakedProject
from tests.support.serving import Server, production_environment, serving

POSTGRES = [c for c in SUPPORTED if c.database == "postgres"]
RECOVERY_SECONDS = 20


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    with private_cluster() as cluster:
        yield cluster


@pytest.fixture
def server(installed: BakedProject, cluster: PrivateCluster) -> Iterator[Server]:
    with serving(installed, production_environment(cluster.url)) as server:
        yield server


def ready_within(client: httpx.Client, seconds: float) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = client.get("/health/ready")
        if response.status_code == 200 or time.monotonic() > deadline:
            return response
        time.sleep(0.5)


@pytest.mark.parametrize("combination", POSTGRES, ids=lambda c: c.id, indirect=True)
def test_readiness_follows_postgresql(
    combination: Combination, server: Server, cluster: PrivateCluster
) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        assert client.get("/health/ready").status_code == 200

        cluster.stop()
        down = [client.get("/health/ready") for _ in range(4)]  # reaches both workers
        alive = client.get("/health")

        cluster.start()
        back = ready_within(client, RECOVERY_SECONDS)

    for response in down:
        assert response.status_code == 503
        assert response.headers["content-type"].split(";")[0] == "application/json"
        body = response.json()
        assert body["status"] == "unavailable"
        assert set(body["checks"]) == {"database"}
        reason = body["checks"]["database"]
        assert reason != "ok" and len(reason) <= 80
        assert "postgres" not in reason.lower()  # no URL, user or password
    assert alive.status_code == 200
    assert back.status_code == 200, back.text
    assert back.json() == {"status": "ok", "checks": {"database": "ok"}}
