"""The baked project, migrated, served by gunicorn as in production, answers and stops cleanly."""

import signal
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.database import fresh_database
from tests.support.project import BakedProject
from tests.support.serving import SHUTDOWN_SECONDS, Server, production_environment, serving


@pytest.fixture
def server(installed: BakedProject, tmp_path: Path) -> Iterator[Server]:
    with (
        fresh_database(installed.combination.database, tmp_path) as database_url,
        serving(installed, production_environment(database_url)) as server,
    ):
        yield server


def test_health_and_a_create_then_list_round_trip(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=5) as client:
        health = client.get("/health")
        created = client.post("/api/tasks", json={"title": "  Served  "})
        listed = client.get("/api/tasks")
        fetched = client.get(created.headers["location"])

    assert health.json()["status"] == "ok"
    assert health.headers["x-request-id"]
    assert created.status_code == 201
    task = created.json()
    assert task["title"] == "Served"
    assert listed.status_code == 200
    assert listed.json()["items"] == [task]
    assert listed.json()["total"] == 1
    assert fetched.json() == task


def test_stops_cleanly_on_sigterm(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=SHUTDOWN_SECONDS)

    output = server.output()
    assert server.process.returncode == 0, output[-4000:]
    assert "Shutting down: Master" in output
    assert "Traceback" not in output
