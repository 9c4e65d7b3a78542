"""Operators reload and restart servers under traffic: nothing answered may be lost.

Bounded: a few clients on loopback for a few seconds per phase. With users (`--auth jwt`, the
default) the clients are one registered user and every /api request carries its bearer token,
which stays valid across reloads and restarts (same SECRET_KEY, same database).
"""

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.support.database import fresh_database
from tests.support.identity import new_account
from tests.support.project import BakedProject
from tests.support.serving import SHUTDOWN_SECONDS, production_environment, serving

# The open skeleton (--auth none) is the default one less its identity code: it is fuzzed and
# restarted under load only on the default's combinations, to keep the suite within its time.
# On PostgreSQL, whose connections a reload must carry over; the draining is the server's and
# the same on SQLite, where the contract's own tests serve and stop the skeleton too.
pytestmark = [pytest.mark.default_auth, pytest.mark.postgres]

CLIENTS = 6
RELOAD_SETTLE_SECONDS = 4.0


@dataclass
class Load:
    """Clients that create and list tasks until told to stop, noting every outcome."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)  # a bearer token, with users
    created: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(
        self, seconds_before: float, action: Callable[[], object], seconds_after: float
    ) -> None:
        threads = [threading.Thread(target=self._client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(seconds_before)
        action()
        time.sleep(seconds_after)
        self._stop.set()
        for thread in threads:
            thread.join(timeout=30)

    def _client(self, number: int) -> None:
        # Keep-alive connections, as load balancers hold them: a retiring worker must answer
        # a request sent on one just as it is told to stop, not reset it.
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=15) as client:
            while not self._stop.is_set():
                self._note(client, "POST", {"title": f"load {number}"}, 201)
                self._note(client, "GET", None, 200)

    def _note(self, client: httpx.Client, method: str, body: dict | None, expected: int) -> None:
        try:
            response = client.request(method, "/api/tasks", json=body)
        except httpx.HTTPError as error:
            outcome = f"{method}: {type(error).__name__}: {error}"
        else:
            outcome = (
                "" if response.status_code == expected else f"{method}: {response.status_code}"
            )
        with self._lock:
            self.requests += 1
            if outcome:
                self.failures.append(outcome)
            elif method == "POST":
                self.created.append(response.json()["id"])


def credentials(installed: BakedProject, url: str) -> dict[str, str]:
    """The headers of the load's requests: a new user's bearer token, or none without users."""
    if not installed.combination.has_users:
        return {}
    with httpx.Client(base_url=url, timeout=30) as client:
        return new_account(client, "restarts").headers


def missing_tasks(url: str, ids: list[int], headers: dict[str, str]) -> list[int]:
    """The tasks of `ids` the server no longer has (with users: its owner's view of them)."""
    with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
        return [
            task_id for task_id in ids if client.get(f"/api/tasks/{task_id}").status_code != 200
        ]


def slow_create(
    url: str, headers: dict[str, str], sent_first_half: threading.Event, go_on: threading.Event
) -> dict:
    """A request still arriving when the signal comes: it must be finished, not dropped."""
    outcome: dict = {}

    def body() -> Iterator[bytes]:
        yield b'{"title": "in flight'
        sent_first_half.set()
        go_on.wait(10)
        yield b' when stopped"}'

    def send() -> None:
        try:
            outcome["response"] = httpx.post(
                f"{url}/api/tasks", content=body(),
                headers={**headers, "content-type": "application/json"}, timeout=SHUTDOWN_SECONDS,
            )  # fmt: skip
        except httpx.HTTPError as error:
            outcome["error"] = error

    outcome["thread"] = threading.Thread(target=send)
    outcome["thread"].start()
    return outcome


def test_reload_under_load_fails_no_request(installed: BakedProject, tmp_path: Path) -> None:
    with (
        fresh_database(installed.combination.database, tmp_path) as database_url,
        serving(installed, production_environment(database_url)) as server,
    ):
        load = Load(server.url, credentials(installed, server.url))
        load.run(2.0, lambda: os.kill(server.master_pid(), signal.SIGHUP), RELOAD_SETTLE_SECONDS)
        missing = missing_tasks(server.url, load.created, load.headers)

    print(f"\n{installed.combination.id}: {load.requests} requests across a SIGHUP reload")
    assert load.failures == []
    assert load.requests > 50
    assert missing == []


def test_graceful_stop_drains_and_a_restart_keeps_every_task(
    installed: BakedProject, tmp_path: Path
) -> None:
    with fresh_database(installed.combination.database, tmp_path) as database_url:
        env = production_environment(database_url)
        with serving(installed, env) as server:
            load = Load(server.url, credentials(installed, server.url))
            load.run(1.5, lambda: None, 0)
            first_half, go_on = threading.Event(), threading.Event()
            in_flight = slow_create(server.url, load.headers, first_half, go_on)
            assert first_half.wait(10)
            time.sleep(0.3)  # the server has the headers and half the body
            os.kill(server.master_pid(), signal.SIGTERM)
            time.sleep(0.5)
            go_on.set()
            in_flight["thread"].join(SHUTDOWN_SECONDS)
            server.process.wait(timeout=SHUTDOWN_SECONDS)
            output = server.output()
        with serving(installed, env) as restarted:
            answered = in_flight.get("response")
            created = [*load.created, answered.json()["id"]] if answered else load.created
            missing = missing_tasks(restarted.url, created, load.headers)

    assert load.failures == []
    assert "error" not in in_flight, in_flight.get("error")
    assert answered is not None and answered.status_code == 201, answered and answered.text
    assert server.process.returncode == 0, output[-3000:]
    assert missing == []
