"""Fixtures and helpers every test module shares: a database emptied after every test, JSON
bodies and problems, and the WSGI application called as a server calls it.

pytest-django builds the test database once per run (in-memory SQLite, or `test_<name>` on
TEST_DATABASE_URL when it is set) and rolls back each test's transaction. The settings are
config.settings.test (pyproject.toml): nothing is read from the developer's `.env`.
"""

import importlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

import config.env
{%- if cookiecutter.auth == "jwt" %}
from app.users.models import User
from app.users.tokens import access_token_for
{%- endif %}
from tests import probes

JSON = "application/json"
{%- if cookiecutter.auth == "jwt" %}
PASSWORD = "a password nobody guesses"
{%- endif %}
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Answer(Protocol):
    """A response as the tests read it (Django's test client answers with a type of its own)."""

    status_code: int
    content: bytes

    def __getitem__(self, header: str) -> str: ...

    def __contains__(self, header: str) -> bool: ...

    def get(self, header: str, alternate: None = None) -> str | None: ...

    def close(self) -> None: ...


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """Every test may use the database; whatever it writes is rolled back after it."""
{%- if cookiecutter.auth == "jwt" %}


@pytest.fixture
def user() -> User:
    return User.objects.create_user("user@example.com", PASSWORD)


@pytest.fixture
def other_user() -> User:
    return User.objects.create_user("other@example.com", PASSWORD)


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("admin@example.com", PASSWORD)


def bearer(user: User) -> dict[str, str]:
    """The header that makes a request `user`'s."""
    return {"Authorization": f"Bearer {access_token_for(user.id)}"}


@pytest.fixture
def client(user: User) -> Client:
    """Django's test client, signed in as `user`: every API operation but /api/auth needs a
    token, and most tests are about something else."""
    return Client(headers=bearer(user))


@pytest.fixture
def anonymous_client() -> Client:
    """A client that sends no token."""
    return Client()
{%- endif %}


@pytest.fixture(autouse=True)
def _probes() -> Iterator[None]:
    """What a test sent the probes (tests.probes) is gone after it."""
    yield
    probes.kept.clear()


def body_of(response: Answer) -> Any:
    """The JSON body, problem+json included (Django's `response.json()` wants application/json)."""
    return json.loads(response.content)


def assert_problem(response: Answer, status: int) -> dict[str, Any]:
    """The problem details `response` answers with, checked for the shape every error has."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = body_of(response)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def call_wsgi(
    application: WSGIApp, environ: dict[str, Any], served: Callable[[], object] = lambda: None
) -> tuple[str, dict[str, str], bytes]:
    """`application` (Django's WSGI handler, wrapped) called as gunicorn and runserver call it:
    the status, headers and body it answers. `served` runs where they log the request's line,
    once the body is sent and before they close the response."""
    setup_testing_defaults(environ)
    started: list[tuple[str, dict[str, str]]] = []

    def start_response(status: str, headers: list[tuple[str, str]], *args: Any) -> None:
        started.append((status, dict(headers)))

    # As Django's test client does: the handler would close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        served()
        if hasattr(response, "close"):
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    (status, headers), *_ = started
    return status, headers, body


def entry_point(module: str) -> Any:
    """`module` (config.wsgi, config.asgi) imported as a server imports it, less the
    `use_environment()` it starts with: the tests read no `.env`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config.env, "use_environment", lambda: None)
        return importlib.import_module(module)


def send_json(client: Client, method: str, path: str, body: object, **kwargs: Any) -> Answer:
    return client.generic(method, path, json.dumps(body), content_type=JSON, **kwargs)
