"""What every answer carries, whichever part of the app makes it: the security headers; and HEAD,
answered wherever GET is. (gunicorn's own answers: tests/test_errors.py.)"""

from collections.abc import Callable
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.core.middleware import SECURITY_HEADERS
from app.services import tasks as task_service

HSTS = "Strict-Transport-Security"
JSON = "application/json"


def _answers(client: FlaskClient) -> dict[str, TestResponse]:
    """One answer of every kind that writes nothing: the routes', the refusals', the docs'."""
    return {
        "health": client.get("/health"),
        "head": client.head("/health"),
        "ready": client.get("/health/ready"),
        "list": client.get("/api/tasks"),
        "invalid": client.post("/api/tasks", json={"title": ""}),
        "unknown-parameter": client.get("/health", query_string={"verbose": "1"}),
        "not-json": client.post("/api/tasks", data=b"{", content_type=JSON),
        "media-type": client.post("/api/tasks", data=b"x", content_type="text/plain"),
        "unknown-path": client.get("/nowhere"),
        "method": client.delete("/api/tasks"),
        "docs": client.get("/docs"),
        "document": client.get("/openapi.json"),
    }


@pytest.fixture
def failing(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(task_service, "get_task", explode)


def test_security_headers_on_every_answer(
    client: FlaskClient, create_task: Callable[..., dict[str, Any]], failing: None
) -> None:
    task = create_task()
    answers = {
        **_answers(client),
        "created": client.post("/api/tasks", json={"title": "Headers"}),
        "deleted": client.delete(f"/api/tasks/{task['id']}"),
        "error": client.get(f"/api/tasks/{task['id']}"),
    }

    assert answers["error"].status_code == 500
    for name, response in answers.items():
        sent = {header: response.headers.get(header) for header in SECURITY_HEADERS}
        assert sent == SECURITY_HEADERS, name
        # HSTS only when HSTS_SECONDS asks for it.
        assert HSTS not in response.headers, name


def test_hsts_on_every_answer_when_asked(make_app: Callable[..., APIFlask]) -> None:
    client = make_app(hsts_seconds=31536000).test_client()

    for name, response in _answers(client).items():
        # On plain HTTP too: browsers ignore it there, and behind a proxy the app cannot tell.
        assert response.headers[HSTS] == "max-age=31536000", name


@pytest.mark.parametrize(
    "path", ["/health", "/health/ready", "/api/tasks", "/openapi.json", "/docs", "/nowhere"]
)
def test_head_answers_as_get_without_a_body(client: FlaskClient, path: str) -> None:
    get = client.get(path)
    head = client.head(path)

    assert head.status_code == get.status_code
    assert head.data == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["x-request-id"]
    assert {header: head.headers.get(header) for header in SECURITY_HEADERS} == SECURITY_HEADERS


def test_head_of_a_task_and_of_a_missing_one(
    client: FlaskClient, create_task: Callable[..., dict[str, Any]]
) -> None:
    url = f"/api/tasks/{create_task()['id']}"

    found = client.head(url)
    missing = client.head("/api/tasks/999999999")

    assert (found.status_code, found.data) == (200, b"")
    assert found.headers["content-type"] == JSON
    assert found.headers["content-length"] == client.get(url).headers["content-length"]
    assert (missing.status_code, missing.data) == (404, b"")
    assert missing.headers["content-type"] == "application/problem+json"


def test_head_refuses_what_get_refuses(client: FlaskClient) -> None:
    response = client.head("/api/tasks", query_string={"author_id": "1"})

    assert (response.status_code, response.data) == (422, b"")
