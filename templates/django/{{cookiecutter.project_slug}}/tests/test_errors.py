"""Every 4xx and 5xx is problem+json, including the ones no view raises itself."""

import io
import json
import socket
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from pytest_django import Settings

from app.core.logging import configure_logging
from app.core.middleware import SECURITY_HEADERS
from app.core.serving import ChunkedBodyMiddleware, write_problem
from app.tasks import apis as task_apis
from tests.conftest import body_of, call_wsgi, send_json
from tests.test_validation import assert_problem


def test_unknown_path_is_404(client: Client) -> None:
    response = client.get("/no/such/path")

    assert assert_problem(response, 404)["title"] == "Not Found"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/tasks", "GET, HEAD, POST"),
        ("PUT", "/api/tasks", "GET, HEAD, POST"),
        ("POST", "/api/tasks/1", "DELETE, GET, HEAD, PATCH, PUT"),
        ("POST", "/health", "GET, HEAD"),
        ("DELETE", "/health/ready", "GET, HEAD"),
        ("OPTIONS", "/api/tasks", "GET, HEAD, POST"),
    ],
)
def test_wrong_method_is_405_with_allow(client: Client, method: str, path: str, allow: str) -> None:
    response = client.generic(method, path)

    assert_problem(response, 405)
    # Sorted, HEAD wherever GET is, no OPTIONS: the same bytes in every forge skeleton.
    assert response["Allow"] == allow


def test_oversized_body_is_413(client: Client) -> None:
    body = b'{"title": "' + b"x" * settings.MAX_BODY_SIZE + b'"}'

    response = client.generic("POST", "/api/tasks", body, content_type="application/json")

    assert assert_problem(response, 413)["title"] == "Content Too Large"


def serve_chunked(body: bytes) -> tuple[str, dict[str, Any]]:
    """What gunicorn hands the app for a chunked body: no Content-Length, a terminated stream."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/tasks",
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
    }
    status, _, answer = call_wsgi(ChunkedBodyMiddleware(WSGIHandler()), environ)
    return status, json.loads(answer)


def test_oversized_streamed_body_is_413() -> None:
    status, body = serve_chunked(b'{"title": "' + b"x" * settings.MAX_BODY_SIZE + b'"}')

    assert (status[:3], body["title"]) == ("413", "Content Too Large")


def test_streamed_body_within_the_limit_is_read() -> None:
    status, body = serve_chunked(b'{"title": "chunked"}')

    assert (status[:3], body["title"]) == ("201", "chunked")


@pytest.fixture
def crashing_client() -> Client:
    """A client that sees the 500, where Django's test client would re-raise the error."""
    return Client(raise_request_exception=False)


def test_unhandled_error_is_a_bare_500(
    crashing_client: Client, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(**kwargs: Any) -> None:
        raise RuntimeError("SELECT secret FROM settings WHERE password='hunter2'")

    monkeypatch.setattr(task_apis, "task_list", explode)

    configure_logging("INFO", "json")
    try:
        response = crashing_client.get("/api/tasks", headers={"X-Request-ID": "trace-500"})
    finally:
        configure_logging("INFO", "plain")

    problem = assert_problem(response, 500)
    assert problem["detail"] == "The server could not complete the request."
    assert b"hunter2" not in response.content
    assert b"Traceback" not in response.content
    assert response["X-Request-ID"] == "trace-500"
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    (error,) = [line for line in logged if line["level"] == "ERROR"]
    assert error["message"] == "Unhandled error on GET /api/tasks"
    assert error["request_id"] == "trace-500"
    assert "hunter2" in error["exc_info"]


def test_deeply_nested_json_is_rejected_cleanly(client: Client) -> None:
    nested = b'{"title": "x", "done": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    response = client.generic("POST", "/api/tasks", nested, content_type="application/json")

    assert_problem(response, 400)


def test_errors_are_problems_in_debug_too(
    crashing_client: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Django's DEBUG pages (its 404 page, its 500 page) never reach a client."""
    settings.DEBUG = True
    monkeypatch.setattr(task_apis, "task_list", lambda **kwargs: 1 / 0)

    unknown = crashing_client.get("/no/such/path")
    broken = crashing_client.get("/api/tasks")
    invalid = send_json(crashing_client, "POST", "/api/tasks", {"title": 5})

    assert assert_problem(unknown, 404)["detail"] == "The requested resource was not found."
    assert b"ZeroDivisionError" not in broken.content
    assert assert_problem(broken, 500)["detail"] == "The server could not complete the request."
    assert_problem(invalid, 422)


def test_a_host_not_allowed_is_400(client: Client) -> None:
    response = client.get("/health", headers={"Host": "evil.example"})

    assert assert_problem(response, 400)["title"] == "Bad Request"


def test_csrf_still_protects_the_admin_forms() -> None:
    client = Client(enforce_csrf_checks=True)

    api = send_json(client, "POST", "/api/tasks", {"title": "No CSRF token needed"})
    admin = client.post("/admin/login/", {"username": "a", "password": "b"})

    assert api.status_code == 201
    assert assert_problem(admin, 403)["detail"].startswith("CSRF verification failed.")
    assert body_of(api)["title"] == "No CSRF token needed"


def test_the_servers_own_refusals_are_problems(settings: Settings) -> None:
    settings.HSTS_SECONDS = 600
    server, client = socket.socketpair()
    with server, client:
        write_problem(server, 414, "URI Too Long", "GET /api/tasks?per_page=9999... HTTP/1.1")
        server.shutdown(socket.SHUT_WR)
        raw = client.makefile("rb").read()

    head, body = raw.split(b"\r\n\r\n", 1)
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    assert status_line == "HTTP/1.1 414 URI Too Long"
    assert headers["Content-Type"] == "application/problem+json"
    assert int(headers["Content-Length"]) == len(body)
    assert headers["X-Request-ID"]
    # Django never sees these requests; they carry the security headers all the same.
    assert SECURITY_HEADERS.items() <= headers.items()
    assert headers["Strict-Transport-Security"] == "max-age=600"
    assert "Server" not in headers
    assert json.loads(body) == {
        "type": "about:blank",
        "title": "URI Too Long",
        "status": 414,
        "detail": "The request line is too long.",
    }
