"""A baked project served as in production: migrated, under `gunicorn -c gunicorn.conf.py`."""

import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from generator.compare.processes import STOP_SECONDS as SHUTDOWN_SECONDS
from generator.compare.processes import free_port
from generator.compare.processes import stop_process as stop
from tests.support.project import BakedProject, clean_environment

__all__ = [
    "SHUTDOWN_SECONDS",
    "Server",
    "free_port",
    "production_environment",
    "serving",
    "stop",
]

STARTUP_SECONDS = 60
SECRET_KEY = "served-test-" + "s" * 40


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    workdir: Path
    # What the server runs with, so that a command (createsuperuser) reaches the same database.
    env: dict[str, str]

    @property
    def pidfile(self) -> Path:
        return self.workdir / "gunicorn.pid"

    @property
    def log(self) -> Path:
        return self.workdir / "server.log"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def master_pid(self) -> int:
        """gunicorn's master, not the `uv run` in front of it, which only forwards some signals."""
        return int(self.pidfile.read_text())


def production_environment(database_url: str, **extra: str) -> dict[str, str]:
    """What an operator sets: production mode, a real secret, the database, a free port."""
    return clean_environment(
        APP_ENV="production",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        PORT=str(free_port()),
        WEB_CONCURRENCY="2",
        **extra,
    )


@contextmanager
def serving(project: BakedProject, env: dict[str, str]) -> Iterator[Server]:
    migrated = project.run("migrate", env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    workdir = Path(tempfile.mkdtemp(prefix="forge-serve-"))
    # gunicorn reads extra options from GUNICORN_CMD_ARGS, whatever the skeleton's command.
    # (a test's own options, such as --max-requests, come after).
    # An environment copied from another server carries that server's --pid: replaced.
    own = re.sub(r"--pid \S+", "", env.get("GUNICORN_CMD_ARGS", "")).strip()
    env = {**env, "GUNICORN_CMD_ARGS": f"--pid {workdir / 'gunicorn.pid'} {own}".strip()}
    # Temporary files (the metrics' directory gunicorn.conf.py makes) where a test can see them.
    (workdir / "tmp").mkdir()
    env["TMPDIR"] = str(workdir / "tmp")
    url = f"http://127.0.0.1:{env['PORT']}"
    process = project.start("serve", env=env, log=workdir / "server.log")
    server = Server(process, url, workdir, env)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        stop(server.process)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited early:\n{server.output()[-4000:]}")
        try:
            healthy = httpx.get(f"{server.url}/health", timeout=1).status_code == 200
            if healthy and server.pidfile.exists():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server was not healthy within {STARTUP_SECONDS} s")
