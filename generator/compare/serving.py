"""A skeleton served as in production, for one batch of measurements.

`gunicorn -c gunicorn.conf.py` from the project's environment, as its Dockerfile runs it, on a
free loopback port; the time from starting it to the first 200 from `/health` is its cold start.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from generator.compare.processes import (
    ServerFailed,
    free_port,
    running,
    wait_until_answering,
    workers,
)
from generator.compare.skeleton import Skeleton
from generator.errors import ComparisonFailedError

__all__ = ["Served", "seed_tasks", "serve"]

SEED_THREADS = 8


@dataclass(frozen=True)
class Served:
    """A running skeleton: where it answers and how long it took to start."""

    skeleton: Skeleton
    base_url: str
    port: int
    pid: int
    cold_start: float

    def worker_rss(self) -> list[int]:
        return list(workers(self.pid).values())

    def worker_pids(self) -> set[int]:
        return set(workers(self.pid))

    def get_json(self, path: str, headers: Mapping[str, str] | None = None) -> tuple[int, Any]:
        return self.request_json("GET", path, headers=headers)

    def request_json(
        self,
        method: str,
        path: str,
        body: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, Any]:
        """One request, `body` sent as JSON unless None; the status and the decoded answer (None
        when it is not JSON)."""
        sent = {**(headers or {})}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            sent["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=payload, headers=sent)
            response = connection.getresponse()
            answer = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(answer or b"null")
        except ValueError:
            return response.status, None


@contextmanager
def serve(skeleton: Skeleton, *, database_url: str | None = None) -> Iterator[Served]:
    """Serve `skeleton` until the block ends; `database_url` overrides its database."""
    port = free_port()
    env = {**skeleton.env, "PORT": str(port)}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    log = skeleton.path.parent / f"{skeleton.framework}-server.log"
    base_url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    argv = [skeleton.gunicorn, "-c", "gunicorn.conf.py"]
    with running(argv, cwd=skeleton.path, env=_activated(env, skeleton), log=log) as process:
        try:
            wait_until_answering(
                f"{base_url}/health", process, log, timeout=120, interval=0.01, request_timeout=60
            )
        except ServerFailed as error:
            raise ComparisonFailedError(skeleton.framework, "start", str(error)) from None
        cold_start = time.perf_counter() - started
        yield Served(skeleton, base_url, port, process.pid, cold_start)
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            raise ComparisonFailedError(skeleton.framework, "keep serving", tail)
    log.unlink(missing_ok=True)  # its access log: megabytes per load


def _activated(env: dict[str, str], skeleton: Skeleton) -> dict[str, str]:
    """The project's environment first on PATH, as in its container image."""
    venv = skeleton.path / ".venv"
    return {**env, "PATH": f"{venv / 'bin'}:{env.get('PATH', '')}", "VIRTUAL_ENV": str(venv)}


def seed_tasks(served: Served, count: int, headers: Mapping[str, str] | None = None) -> None:
    """Create `count` tasks through the API, so the listings page through a real table;
    `headers` authenticate the requests (the tasks then belong to that user)."""

    def create(numbers: range) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        try:
            for number in numbers:
                body = json.dumps({"title": f"Seeded task {number}", "done": number % 2 == 0})
                sent = {**(headers or {}), "Content-Type": "application/json"}
                connection.request("POST", "/api/tasks", body=body, headers=sent)
                response = connection.getresponse()
                answer = response.read()
                if response.status != 201:
                    raise ComparisonFailedError(
                        served.skeleton.framework,
                        "create a task",
                        f"POST /api/tasks answered {response.status}: {answer[:500]!r}",
                    )
        finally:
            connection.close()

    shares = [range(start, count, SEED_THREADS) for start in range(SEED_THREADS)]
    with ThreadPoolExecutor(SEED_THREADS) as pool:
        for outcome in [pool.submit(create, share) for share in shares]:
            outcome.result()
