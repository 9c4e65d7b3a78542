"""Fixtures: a client, and a database emptied after every test.

pytest-django builds the test database once per run (in-memory SQLite, or `test_<name>` on
TEST_DATABASE_URL when it is set) and rolls back each test's transaction. The settings are
config.settings.test (pyproject.toml): nothing is read from the developer's `.env`.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

JSON = "application/json"
CreateTask = Callable[..., dict[str, Any]]


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """Every test may use the database; whatever it writes is rolled back after it."""


def body_of(response: HttpResponse) -> Any:
    """The JSON body, problem+json included (Django's `response.json()` wants application/json)."""
    return json.loads(response.content)


def send_json(client: Client, method: str, path: str, body: object, **kwargs: Any) -> HttpResponse:
    return client.generic(method, path, json.dumps(body), content_type=JSON, **kwargs)


@pytest.fixture
def create_task(client: Client) -> CreateTask:
    def create(title: str = "Buy milk", *, done: bool = False) -> dict[str, Any]:
        response = send_json(client, "POST", "/api/tasks", {"title": title, "done": done})
        assert response.status_code == 201, response.content
        return body_of(response)

    return create
