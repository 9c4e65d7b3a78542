"""Two instances of a PostgreSQL skeleton on one database behave as one service: a load
balancer may send each request of a client to either. Nothing a request needs lives in one
process: tokens are checked by signature and the database, refresh tokens and login failures
are rows."""

from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.contract.checks import assert_problem
from tests.support.database import fresh_database
from tests.support.identity import PASSWORD, log_in, new_email, sign_up
from tests.support.project import BakedProject
from tests.support.serving import free_port, production_environment, serving

pytestmark = [pytest.mark.postgres, pytest.mark.default_auth]

# The login throttle's limit (CONTRACT: five failures per email in fifteen minutes).
LOGIN_LIMIT = 5


def test_two_instances_on_one_database_are_one_service(
    installed: BakedProject, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database("postgres", tmp_path))
        env = production_environment(database_url)
        clients = []
        for _ in range(2):
            server = stack.enter_context(serving(installed, {**env, "PORT": str(free_port())}))
            clients.append(stack.enter_context(httpx.Client(base_url=server.url, timeout=10)))
        one, other = clients
        _tokens_and_rows_are_shared(one, other)
        _the_login_throttle_counts_failures_made_on_both(one, other)


def _tokens_and_rows_are_shared(one: httpx.Client, other: httpx.Client) -> None:
    email = new_email("instances")
    sign_up(one, email)
    tokens = log_in(other, email)
    access = {"Authorization": f"Bearer {tokens['access_token']}"}

    # A token issued by one is accepted by the other, and what one writes the other reads.
    assert other.get("/api/users/me", headers=access).json()["email"] == email
    created = one.post("/api/tasks", json={"title": "written on one"}, headers=access)
    assert created.status_code == 201, created.text
    assert other.get(f"/api/tasks/{created.json()['id']}", headers=access).json() == created.json()

    # A refresh token spent on one is refused on the other (and that reuse revokes the family
    # everywhere: the pair the first refresh gave is refused on the first).
    spent = str(tokens["refresh_token"])
    renewed = one.post("/api/auth/refresh", json={"refresh_token": spent})
    assert renewed.status_code == 200, renewed.text
    assert_problem(other.post("/api/auth/refresh", json={"refresh_token": spent}), 401)
    again = {"refresh_token": renewed.json()["refresh_token"]}
    assert_problem(one.post("/api/auth/refresh", json=again), 401)


def _the_login_throttle_counts_failures_made_on_both(
    one: httpx.Client, other: httpx.Client
) -> None:
    email = new_email("throttled")
    sign_up(one, email)
    wrong = {"email": email, "password": "not " + PASSWORD}

    for attempt in range(LOGIN_LIMIT):
        assert_problem((one, other)[attempt % 2].post("/api/auth/token", json=wrong), 401)

    # Neither instance saw five failures alone; together they did.
    for client in (one, other):
        right = client.post("/api/auth/token", json={"email": email, "password": PASSWORD})
        assert_problem(right, 429)
