"""The baked project, migrated, served by gunicorn as in production, answers the contract."""

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.templates.database import fresh_database
from tests.templates.project import BakedProject, clean_environment

STARTUP_SECONDS = 60
SHUTDOWN_SECONDS = 30


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn exited early:\n{server.process.communicate()[0][-4000:]}")
        try:
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn was not healthy within {STARTUP_SECONDS} s")


@pytest.fixture
def server(installed: BakedProject, tmp_path: Path) -> Iterator[Server]:
    with fresh_database(installed.combination.database, tmp_path) as database_url:
        port = free_port()
        env = clean_environment(
            APP_ENV="production",
            SECRET_KEY="served-test-" + "s" * 40,
            DATABASE_URL=database_url,
            PORT=str(port),
            WEB_CONCURRENCY="2",
        )
        migrated = installed.run("migrate", env=env)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        process = installed.start("serve", env=env)
        server = Server(process, f"http://127.0.0.1:{port}")
        try:
            wait_until_healthy(server)
            yield server
        finally:
            stop(process)


def stop(process: subprocess.Popen[str]) -> None:
    """Workers outlive a killed master and hold its output open: end the whole group."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=SHUTDOWN_SECONDS)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


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
    output, _ = server.process.communicate(timeout=SHUTDOWN_SECONDS)

    assert server.process.returncode == 0, output[-4000:]
    assert "Shutting down: Master" in output
    assert "Traceback" not in output
