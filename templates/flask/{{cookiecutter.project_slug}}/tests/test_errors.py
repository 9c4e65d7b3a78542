"""Every 4xx and 5xx is problem+json, including the ones no route raises itself."""

import io
import json
import socket
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from gunicorn.config import Config
from gunicorn.http import wsgi

from app.core.config import Settings
from app.core.middleware import SECURITY_HEADERS
from app.core.serving import drop_server_header, write_problem
from app.services import tasks as task_service
from tests.test_validation import assert_problem


def test_unknown_path_is_404(client: FlaskClient) -> None:
    response = client.get("/no/such/path")

    assert assert_problem(response, 404)["title"] == "Not Found"


ALLOW = [
    ("DELETE", "/api/tasks", "GET, HEAD, POST"),
    ("PUT", "/api/tasks", "GET, HEAD, POST"),
    ("POST", "/api/tasks/1", "DELETE, GET, HEAD, PATCH, PUT"),
    ("POST", "/health", "GET, HEAD"),
    ("DELETE", "/health/ready", "GET, HEAD"),
]


@pytest.mark.parametrize(
    ("method", "path", "allow"), [*ALLOW, ("OPTIONS", "/api/tasks", "GET, HEAD, POST")]
)
def test_wrong_method_is_405_with_allow(
    client: FlaskClient, method: str, path: str, allow: str
) -> None:
    response = client.open(path, method=method)

    assert_problem(response, 405)
    # Sorted, HEAD wherever GET is: byte for byte what every forge skeleton sends.
    assert response.headers["allow"] == allow


@pytest.mark.parametrize(("method", "path", "allow"), ALLOW)
def test_allow_leaves_out_the_options_of_cors(
    make_app: Callable[..., APIFlask], method: str, path: str, allow: str
) -> None:
    client = make_app(cors_origins=["https://app.example"]).test_client()

    response = client.open(path, method=method)

    assert_problem(response, 405)
    assert response.headers["allow"] == allow


def test_oversized_body_is_413(client: FlaskClient, make_settings: Callable[..., Settings]) -> None:
    limit = make_settings().max_body_size
    body = b'{"title": "' + b"x" * limit + b'"}'

    response = client.post("/api/tasks", data=body, content_type="application/json")

    assert assert_problem(response, 413)["title"] == "Content Too Large"


def test_oversized_body_is_413_on_any_path(
    client: FlaskClient, make_settings: Callable[..., Settings]
) -> None:
    body = b"x" * (make_settings().max_body_size + 1)

    response = client.post("/no/such/path", data=body, content_type="application/json")

    assert_problem(response, 413)


def test_oversized_streamed_body_is_413(
    client: FlaskClient, make_settings: Callable[..., Settings]
) -> None:
    limit = make_settings().max_body_size
    body = io.BytesIO(b'{"title": "' + b"x" * limit + b'"}')

    # Chunked, as gunicorn hands it over: no declared length, the body ends where the server says.
    response = client.post(
        "/api/tasks",
        input_stream=body,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.request.content_length is None
    assert assert_problem(response, 413)["title"] == "Content Too Large"


def test_unhandled_error_is_a_bare_500(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("SELECT secret FROM settings WHERE password='hunter2'")

    monkeypatch.setattr(task_service, "list_tasks", explode)

    response = client.get("/api/tasks", headers={"X-Request-ID": "trace-500"})

    problem = assert_problem(response, 500)
    assert problem["detail"] == "The server could not complete the request."
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["x-request-id"] == "trace-500"


def test_deeply_nested_json_is_rejected_cleanly(client: FlaskClient) -> None:
    nested = b'{"title": "x", "done": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    response = client.post("/api/tasks", data=nested, content_type="application/json")

    assert response.status_code in {400, 422}
    assert response.headers["content-type"] == "application/problem+json"


def _refusal(**settings: int) -> tuple[str, dict[str, str], bytes]:
    """What gunicorn writes, through `write_problem`, when it refuses an over-long line."""
    server, client = socket.socketpair()
    with server, client:
        line = "GET /api/tasks?per_page=9999... HTTP/1.1"
        write_problem(server, 414, "URI Too Long", line, **settings)
        server.shutdown(socket.SHUT_WR)
        raw = client.makefile("rb").read()

    head, body = raw.split(b"\r\n\r\n", 1)
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    return status_line, dict(line.split(": ", 1) for line in header_lines), body


def test_the_servers_own_refusals_are_problems() -> None:
    status_line, headers, body = _refusal()

    assert status_line == "HTTP/1.1 414 URI Too Long"
    assert headers["Content-Type"] == "application/problem+json"
    assert int(headers["Content-Length"]) == len(body)
    assert headers["X-Request-ID"]
    assert {name: headers[name] for name in SECURITY_HEADERS} == SECURITY_HEADERS
    assert "Strict-Transport-Security" not in headers
    assert "Server" not in headers
    assert json.loads(body) == {
        "type": "about:blank",
        "title": "URI Too Long",
        "status": 414,
        "detail": "The request line is too long.",
    }


def test_the_servers_own_refusals_carry_hsts_when_asked() -> None:
    _, headers, _ = _refusal(hsts_seconds=31536000)

    assert headers["Strict-Transport-Security"] == "max-age=31536000"


def test_gunicorn_names_itself_in_no_server_header(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in a worker (gunicorn.conf.py), and undone after the test.
    monkeypatch.setattr(wsgi.Response, "default_headers", wsgi.Response.default_headers)
    drop_server_header()
    request = SimpleNamespace(method="GET", version=(1, 1), should_close=lambda: False)
    response = wsgi.Response(request, sock=None, cfg=Config())
    response.start_response("200 OK", [("Content-Length", "2")])

    lines = response.default_headers()

    assert lines[0] == "HTTP/1.1 200 OK\r\n"
    assert [line.split(":")[0] for line in lines[1:]] == ["Date", "Connection"]
