"""A baked project served as in production: migrated, under `gunicorn -c gunicorn.conf.py`."""

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest

from tests.support.project import BakedProject, clean_environment

__all__ = ["SHUTDOWN_SECONDS", "Server", "production_environment", "serving", "stop"]

STARTUP_SECONDS = 60
SHUTDOWN_SECONDS = 30
SECRET_KEY = "served-test-" + "s" * 40


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str


def production_environment(database_url: str, **extra: str) -> dict[str, str]:
    """What an operator sets: production mode, a real secret, the database, a free port."""
    return clean_environment(
        APP_ENV="production",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        PORT=str(_free_port()),
        WEB_CONCURRENCY="2",
        **extra,
    )


@contextmanager
def serving(project: BakedProject, env: dict[str, str]) -> Iterator[Server]:
    migrated = project.run("migrate", env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    server = Server(project.start("serve", env=env), f"http://127.0.0.1:{env['PORT']}")
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        stop(server.process)


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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited early:\n{server.process.communicate()[0][-4000:]}")
        try:
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server was not healthy within {STARTUP_SECONDS} s")
