"""What every answer carries, whichever part of the app makes it: the security headers and the
request id; and HEAD, answered wherever GET is. (gunicorn's own answers: tests/test_errors.py.)"""

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from apiflask import APIFlask
from flask import session
from flask.sessions import NullSession
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.core.middleware import (
    REQUEST_ID_HEADER,
    SECURITY_HEADERS,
    RequestIdMiddleware,
    security_headers,
)
from tests.probes import FAILURE, FOUND, ITEM, PATH

HSTS = "Strict-Transport-Security"
JSON = "application/json"


def _answers(client: FlaskClient) -> dict[str, TestResponse]:
    """One answer of every kind: the routes', the refusals', the docs', an unexpected error's."""
    return {
        "health": client.get("/health"),
        "head": client.head("/health"),
        "ready": client.get("/health/ready"),
        "list": client.get(PATH),
        "created": client.post(PATH, json={"title": "Headers"}),
        "deleted": client.delete(ITEM),
        "invalid": client.post(PATH, json={"title": ""}),
        "unknown-parameter": client.get("/health", query_string={"verbose": "1"}),
        "not-json": client.post(PATH, data=b"{", content_type=JSON),
        "media-type": client.post(PATH, data=b"x", content_type="text/plain"),
        "not-found": client.get(f"{PATH}/{FOUND + 1}"),
        "unknown-path": client.get("/nowhere"),
        "method": client.delete(PATH),
        "error": client.get(FAILURE),
        "docs": client.get("/docs"),
        "document": client.get("/openapi.json"),
    }


def test_security_headers_on_every_answer(probe_client: FlaskClient) -> None:
    answers = _answers(probe_client)

    assert answers["error"].status_code == 500
    for name, response in answers.items():
        sent = {header: response.headers.get(header) for header in SECURITY_HEADERS}
        assert sent == SECURITY_HEADERS, name
        # HSTS only when HSTS_SECONDS asks for it.
        assert HSTS not in response.headers, name


def test_hsts_on_every_answer_when_asked(make_probe_client: Callable[..., FlaskClient]) -> None:
    client = make_probe_client(hsts_seconds=31536000)

    for name, response in _answers(client).items():
        # On plain HTTP too: browsers ignore it there, and behind a proxy the app cannot tell.
        assert response.headers[HSTS] == "max-age=31536000", name


def test_each_header_is_sent_once_and_the_apps_own_is_replaced() -> None:
    def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response(
            "200 OK",
            [("Content-Type", JSON), ("x-frame-options", "SAMEORIGIN"), ("X-Request-ID", "own")],
        )
        return [b"{}"]

    sent: list[tuple[str, str]] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        sent.extend(headers)

    RequestIdMiddleware(wsgi_app, headers=security_headers(60))(
        {"HTTP_X_REQUEST_ID": "given"}, start_response
    )

    assert sent == [
        ("Content-Type", JSON),
        *SECURITY_HEADERS.items(),
        (HSTS, "max-age=60"),
        (REQUEST_ID_HEADER, "given"),
    ]


@pytest.mark.parametrize(
    "path", ["/health", "/health/ready", PATH, ITEM, "/openapi.json", "/docs", "/nowhere"]
)
def test_head_answers_as_get_without_a_body(probe_client: FlaskClient, path: str) -> None:
    get = probe_client.get(path)
    head = probe_client.head(path)

    assert head.status_code == get.status_code
    assert head.data == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["x-request-id"]
    assert {header: head.headers.get(header) for header in SECURITY_HEADERS} == SECURITY_HEADERS


def test_head_of_what_is_not_found_is_a_problem_without_a_body(
    probe_client: FlaskClient,
) -> None:
    response = probe_client.head(f"{PATH}/{FOUND + 1}")

    assert (response.status_code, response.data) == (404, b"")
    assert response.headers["content-type"] == "application/problem+json"


def test_head_refuses_what_get_refuses(probe_client: FlaskClient) -> None:
    response = probe_client.head(PATH, query_string={"author_id": "1"})

    assert (response.status_code, response.data) == (422, b"")


def test_no_cookie_session_is_opened(app: APIFlask, client: FlaskClient) -> None:
    with app.test_request_context("/health"):
        assert isinstance(session, NullSession)

    assert "Set-Cookie" not in client.get("/health").headers
