"""The baked project, migrated, served by gunicorn as in production, answers and stops cleanly."""

import fcntl
import re
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import yaml

from tests.support.database import fresh_database
from tests.support.identity import new_account
from tests.support.project import BakedProject, clean_environment
from tests.support.serving import (
    SHUTDOWN_SECONDS,
    Server,
    production_environment,
    serving,
    stop,
)


@pytest.fixture
def server(installed: BakedProject, tmp_path: Path) -> Iterator[Server]:
    with (
        fresh_database(installed.combination.database, tmp_path) as database_url,
        serving(installed, production_environment(database_url)) as server,
    ):
        yield server


def test_health_and_a_create_then_list_round_trip(server: Server, installed: BakedProject) -> None:
    """Also: the health checks deploy/ configures (Compose's, and Kubernetes's where there are
    manifests) name paths the skeleton serves, on the port it listens on in a container."""
    probed = _probed_paths(installed.path / "deploy")
    with httpx.Client(base_url=server.url, timeout=5) as client:
        probes = {path: client.get(path).status_code for path in probed}
        if installed.combination.has_users:
            client.headers.update(new_account(client).headers)
        health = client.get("/health")
        created = client.post("/api/tasks", json={"title": "  Served  "})
        listed = client.get("/api/tasks")
        fetched = client.get(created.headers["location"])

    assert health.json()["status"] == "ok"
    assert health.headers["x-request-id"]
    # HSTS only when HSTS_SECONDS asks for it (the contract suite's server sets it).
    assert health.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in health.headers
    assert created.status_code == 201
    task = created.json()
    assert task["title"] == "Served"
    assert listed.status_code == 200
    assert listed.json()["items"] == [task]
    assert listed.json()["total"] == 1
    assert fetched.json() == task
    assert "/health/ready" in probes
    assert set(probes.values()) == {200}, probes


def _probed_paths(deploy: Path) -> set[str]:
    compose = yaml.safe_load((deploy / "compose.yaml").read_text())
    checks = " ".join(compose["services"]["app"]["healthcheck"]["test"])
    paths = set(re.findall(r"http://127\.0\.0\.1:8000(/[\w/]*)", checks))
    deployment = deploy / "kubernetes" / "base" / "deployment.yaml"
    if deployment.exists():
        pod = yaml.safe_load(deployment.read_text())["spec"]["template"]["spec"]
        for container in pod["containers"]:
            for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
                assert container[kind]["httpGet"]["port"] == "http"
                paths.add(container[kind]["httpGet"]["path"])
            assert {"name": "http", "containerPort": 8000} in container["ports"]
    return paths


def test_stops_cleanly_on_sigterm(server: Server) -> None:
    """And takes away the metrics' directory it made for its workers."""
    made = list((server.workdir / "tmp").glob("metrics-*"))
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=SHUTDOWN_SECONDS)

    output = server.output()
    assert server.process.returncode == 0, output[-4000:]
    assert "Shutting down: Master" in output
    assert "Traceback" not in output
    assert len(made) == 1
    assert not made[0].exists()


DEV_URL = "http://127.0.0.1:8000"


@contextmanager
def port_8000() -> Iterator[None]:
    """Dev servers listen on 8000, as each README says: one at a time, and only if it is free."""
    with open(Path(tempfile.gettempdir()) / "forge-port-8000.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", 8000)) == 0:
                pytest.skip("port 8000 is taken by another program; the dev server needs it")
        yield


# Where a newcomer starts: the default skeleton. The dev command and its SQLite database are the
# same on every combination, so the others would repeat it for half a minute each.
@pytest.mark.once_per_framework
def test_dev_server_runs_as_the_readme_says(installed: BakedProject) -> None:
    with port_8000(), tempfile.TemporaryDirectory() as scratch:
        # Development mode, as after `cp .env.example .env`; the database outside the bake.
        env = clean_environment(DATABASE_URL=f"sqlite:///{scratch}/dev.db")
        migrated = installed.run("migrate", env=env)
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        process = installed.start("dev", env=env, log=Path(scratch) / "dev.log")
        try:
            listed = wait_for(f"{DEV_URL}/api/tasks", process)
            if listed is not None and installed.combination.has_users:
                with httpx.Client(base_url=DEV_URL, timeout=10) as client:
                    assert listed.status_code == 401, listed.text
                    listed = client.get("/api/tasks", headers=new_account(client).headers)
                walkthrough = _run_users_walkthrough(installed, env)
        finally:
            stop(process)
        output = (Path(scratch) / "dev.log").read_text(errors="replace")

    assert listed is not None, output[-3000:]
    assert listed.status_code == 200, listed.text
    assert listed.json()["page"] == 1
    if installed.combination.has_users:
        said = walkthrough.stdout + walkthrough.stderr
        assert walkthrough.returncode == 0, said
        # Every step succeeded: no problem document (they all carry `"status": 4xx/5xx`).
        assert not re.search(r'"status": ?[45]\d\d', said), said


# The README's steps that talk to the running server; the others install, serve or need a person.
_SERVER_STEPS = ("uv ", "python ", "flask ", "cp ", "docker ")


def _run_users_walkthrough(
    project: BakedProject, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The shell blocks of the README's "Users and tokens" section, run as written (but for the
    commands that start or set up the server, which runs already) against the dev server."""
    readme = (project.path / "README.md").read_text()
    # Up to the next heading of its level (a shell comment in a block is no heading).
    section = re.search(r"^(#+) Users and tokens\n(.*?)(?=^\1 |\Z)", readme, re.M | re.S)
    assert section is not None, "the README has no Users and tokens section"
    shell = re.findall(r"^```(?:bash|sh|shell|console)\n(.*?)^```", section.group(2), re.M | re.S)
    blocks = [block for block in shell if "curl " in block]  # not the superuser's block
    commands = [
        command
        for block in blocks
        for command in block.replace("\\\n", " ").splitlines()
        if command.strip()
        and not command.lstrip("$ ").startswith(_SERVER_STEPS)
        and not command.lstrip().startswith("#")
    ]
    script = "\n".join(["set -euo pipefail", *(c.lstrip("$ ") for c in commands)])
    for step in ("/api/auth/register", "/api/auth/token", "/api/tasks", "/api/auth/refresh",
                 "/api/auth/logout"):  # fmt: skip
        assert step in script, f"the README's walkthrough does not show {step}"
    return project.execute(["bash", "-c", script], env=env, timeout=120)


def wait_for(url: str, process: subprocess.Popen[bytes]) -> httpx.Response | None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.3)
    return None


def test_a_postgres_project_without_database_url_says_so(installed: BakedProject) -> None:
    if installed.combination.database != "postgres":
        pytest.skip("a SQLite project has a database file by default")
    env = production_environment("unused")
    del env["DATABASE_URL"]

    for step in ("migrate", "serve"):
        done = installed.run(step, env=env, timeout=60)
        output = done.stdout + done.stderr
        assert done.returncode != 0, output
        assert "DATABASE_URL" in output, output
        assert "Traceback" not in output and "validation error" not in output, output
