"""Fixtures: a client, and a database emptied after every test.

pytest-django builds the test database once per run (in-memory SQLite, or `test_<name>` on
TEST_DATABASE_URL when it is set) and rolls back each test's transaction. The settings are
config.settings.test (pyproject.toml): nothing is read from the developer's `.env`.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import Client

JSON = "application/json"
CreateTask = Callable[..., dict[str, Any]]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """Every test may use the database; whatever it writes is rolled back after it."""


def body_of(response: HttpResponse) -> Any:
    """The JSON body, problem+json included (Django's `response.json()` wants application/json)."""
    return json.loads(response.content)


def call_wsgi(application: WSGIApp, environ: dict[str, Any]) -> tuple[str, dict[str, str], bytes]:
    """`application` (Django's WSGI handler, wrapped) called as gunicorn calls it: the status,
    headers and body it answers."""
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
        if hasattr(response, "close"):
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    (status, headers), *_ = started
    return status, headers, body


def send_json(client: Client, method: str, path: str, body: object, **kwargs: Any) -> HttpResponse:
    return client.generic(method, path, json.dumps(body), content_type=JSON, **kwargs)


@pytest.fixture
def create_task(client: Client) -> CreateTask:
    def create(title: str = "Buy milk", *, done: bool = False) -> dict[str, Any]:
        response = send_json(client, "POST", "/api/tasks", {"title": title, "done": done})
        assert response.status_code == 201, response.content
        return body_of(response)

    return create
