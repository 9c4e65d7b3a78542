"""Every 4xx and 5xx is problem+json, including the ones no view raises itself."""

import io
import json
import socket
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.handlers.wsgi import WSGIHandler
from django.http import Http404
from django.test import Client, RequestFactory
from gunicorn import util
from pytest_django import Settings
from rest_framework import exceptions

from app.api.errors import permission_denied, problem_for, server_error
from app.core.logging import configure_logging
from app.core.middleware import SECURITY_HEADERS
from app.core.serving import ChunkedBodyMiddleware, answer_refusals_as_problems
from tests.conftest import assert_problem, body_of, call_wsgi, send_json
from tests.probes import FAILURE, PATH, SECRET

pytestmark = pytest.mark.urls("tests.probes")


def test_unknown_path_is_404(client: Client) -> None:
    response = client.get("/no/such/path")

    assert assert_problem(response, 404)["title"] == "Not Found"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", PATH, "GET, HEAD, POST"),
        ("PUT", PATH, "GET, HEAD, POST"),
        ("POST", PATH + "/1", "DELETE, GET, HEAD, PATCH, PUT"),
        ("POST", "/health", "GET, HEAD"),
        ("DELETE", "/health/ready", "GET, HEAD"),
        ("OPTIONS", PATH, "GET, HEAD, POST"),
    ],
)
def test_wrong_method_is_405_with_allow(client: Client, method: str, path: str, allow: str) -> None:
    response = client.generic(method, path)

    assert_problem(response, 405)
    # Sorted, HEAD wherever GET is, no OPTIONS: the same bytes in every forge skeleton.
    assert response["Allow"] == allow


def test_oversized_body_is_413(client: Client) -> None:
    body = b'{"title": "' + b"x" * settings.MAX_BODY_SIZE + b'"}'

    response = client.generic("POST", PATH, body, content_type="application/json")

    assert assert_problem(response, 413)["title"] == "Content Too Large"


def serve_chunked(body: bytes) -> tuple[str, dict[str, Any]]:
    """What gunicorn hands the app for a chunked body: no Content-Length, a terminated stream."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": PATH,
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
    crashing_client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "json")
    try:
        response = crashing_client.get(FAILURE, headers={"X-Request-ID": "trace-500"})
    finally:
        configure_logging("INFO", "plain")

    problem = assert_problem(response, 500)
    assert problem["detail"] == "The server could not complete the request."
    assert SECRET.encode() not in response.content
    assert b"Traceback" not in response.content
    assert response["X-Request-ID"] == "trace-500"
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    (error,) = [line for line in logged if line["level"] == "ERROR"]
    assert error["message"] == f"Unhandled error on GET {FAILURE}"
    assert error["request_id"] == "trace-500"
    assert SECRET in error["exc_info"]


def test_deeply_nested_json_is_rejected_cleanly(client: Client) -> None:
    nested = b'{"title": "x", "done": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    response = client.generic("POST", PATH, nested, content_type="application/json")

    assert_problem(response, 400)


def test_errors_are_problems_in_debug_too(crashing_client: Client, settings: Settings) -> None:
    """Django's DEBUG pages (its 404 page, its 500 page) never reach a client."""
    settings.DEBUG = True

    unknown = crashing_client.get("/no/such/path")
    broken = crashing_client.get(FAILURE)
    invalid = send_json(crashing_client, "POST", PATH, {"title": 5})

    assert assert_problem(unknown, 404)["detail"] == "The requested resource was not found."
    assert b"RuntimeError" not in broken.content
    assert assert_problem(broken, 500)["detail"] == "The server could not complete the request."
    assert_problem(invalid, 422)


class AuthenticationRequired(exceptions.NotAuthenticated):
    """As DRF raises it for a view whose authentication names a scheme (DRF sets the header)."""

    auth_header = 'Bearer realm="api"'


@pytest.mark.parametrize(
    ("raised", "status", "headers"),
    [
        pytest.param(Http404(), 404, {}, id="django-404"),
        pytest.param(exceptions.NotFound(), 404, {}, id="drf-404"),
        pytest.param(RequestDataTooBig(), 413, {}, id="too-large"),
        pytest.param(PermissionDenied(), 403, {}, id="django-403"),
        pytest.param(SuspiciousOperation(), 400, {}, id="suspicious"),
        pytest.param(BadRequest(), 400, {}, id="bad-request"),
        pytest.param(
            AuthenticationRequired(),
            401,
            {"WWW-Authenticate": 'Bearer realm="api"'},
            id="authentication",
        ),
        pytest.param(exceptions.Throttled(wait=29.5), 429, {"Retry-After": "30"}, id="throttled"),
    ],
)
def test_what_a_view_may_raise_has_its_problem(
    raised: Exception, status: int, headers: dict[str, str]
) -> None:
    response = problem_for(raised)

    assert response is not None
    assert assert_problem(response, status)["status"] == status
    assert {name: response[name] for name in headers} == headers


def test_a_bug_has_no_problem_of_its_own() -> None:
    assert problem_for(RuntimeError(SECRET)) is None


def test_djangos_own_error_views_answer_problems() -> None:
    request = RequestFactory().get("/admin/")

    assert_problem(permission_denied(request, PermissionDenied()), 403)
    assert_problem(server_error(request), 500)


def test_a_host_not_allowed_is_400(client: Client) -> None:
    response = client.get("/health", headers={"Host": "evil.example"})

    assert assert_problem(response, 400)["title"] == "Bad Request"


def test_csrf_still_protects_the_admin_forms() -> None:
    client = Client(enforce_csrf_checks=True)

    api = send_json(client, "POST", PATH, {"title": "No CSRF token needed"})
    admin = client.post("/admin/login/", {"username": "a", "password": "b"})

    assert api.status_code == 201
    assert assert_problem(admin, 403)["detail"].startswith("CSRF verification failed.")
    assert body_of(api)["title"] == "No CSRF token needed"


def test_the_servers_own_refusals_are_problems(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(util, "write_error", util.write_error)  # restored after the test
    answer_refusals_as_problems()  # as each gunicorn worker does (gunicorn.conf.py)
    settings.HSTS_SECONDS = 600
    server, client = socket.socketpair()
    with server, client:
        # What gunicorn calls for a request line longer than it accepts.
        util.write_error(server, 414, "URI Too Long", f"GET {PATH}?per_page=9999... HTTP/1.1")
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
