"""Every 4xx and 5xx is problem+json, including the ones no route raises itself."""

import io
import json
import socket
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from gunicorn import util
from gunicorn.config import Config
from gunicorn.http import wsgi
from gunicorn.http.message import Request
from gunicorn.http.unreader import IterUnreader

from app.core.config import Settings
from app.core.middleware import SECURITY_HEADERS
from app.core.serving import answer_refusals_as_problems, drop_server_header
from tests.probes import FAILURE, FOUND, ITEM, PATH, REFERENCES, SECRET, UNKNOWN_REFERENCES
from tests.test_validation import assert_problem


def test_unknown_path_is_404(client: FlaskClient) -> None:
    response = client.get("/no/such/path")

    assert assert_problem(response, 404)["title"] == "Not Found"


def test_what_a_service_does_not_find_is_404(probe_client: FlaskClient) -> None:
    response = probe_client.get(f"{PATH}/{FOUND + 1}")

    assert assert_problem(response, 404)["detail"] == f"Probe {FOUND + 1} was not found."


def test_ids_a_service_finds_no_row_for_are_422_with_a_pointer_each(
    probe_client: FlaskClient,
) -> None:
    response = probe_client.post(REFERENCES, json={"title": "Refers"})

    problem = assert_problem(response, 422)
    assert problem["detail"] == "The request did not validate."
    # In the order of the fields, as the service found them.
    assert problem["errors"] == [
        {"pointer": f"#/{field}", "detail": detail} for field, detail in UNKNOWN_REFERENCES.items()
    ]


ALLOW = [
    ("DELETE", PATH, "GET, HEAD, POST"),
    ("PUT", PATH, "GET, HEAD, POST"),
    ("POST", ITEM, "DELETE, GET, HEAD, PATCH, PUT"),
    ("POST", "/health", "GET, HEAD"),
    ("DELETE", "/health/ready", "GET, HEAD"),
]


@pytest.mark.parametrize(("method", "path", "allow"), [*ALLOW, ("OPTIONS", PATH, ALLOW[0][2])])
def test_wrong_method_is_405_with_allow(
    probe_client: FlaskClient, method: str, path: str, allow: str
) -> None:
    response = probe_client.open(path, method=method)

    assert_problem(response, 405)
    # Sorted, HEAD wherever GET is: byte for byte what every forge skeleton sends.
    assert response.headers["allow"] == allow


@pytest.mark.parametrize(("method", "path", "allow"), ALLOW)
def test_allow_leaves_out_the_options_of_cors(
    make_probe_client: Callable[..., FlaskClient], method: str, path: str, allow: str
) -> None:
    client = make_probe_client(cors_origins=["https://app.example"])

    response = client.open(path, method=method)

    assert_problem(response, 405)
    assert response.headers["allow"] == allow


def test_oversized_body_is_413(
    probe_client: FlaskClient, make_settings: Callable[..., Settings]
) -> None:
    limit = make_settings().max_body_size
    body = b'{"title": "' + b"x" * limit + b'"}'

    response = probe_client.post(PATH, data=body, content_type="application/json")

    assert assert_problem(response, 413)["title"] == "Content Too Large"


def test_oversized_body_is_413_on_any_path(
    client: FlaskClient, make_settings: Callable[..., Settings]
) -> None:
    body = b"x" * (make_settings().max_body_size + 1)

    response = client.post("/no/such/path", data=body, content_type="application/json")

    assert_problem(response, 413)


def test_oversized_streamed_body_is_413(
    probe_client: FlaskClient, make_settings: Callable[..., Settings]
) -> None:
    limit = make_settings().max_body_size
    body = io.BytesIO(b'{"title": "' + b"x" * limit + b'"}')

    # Chunked, as gunicorn hands it over: no declared length, the body ends where the server says.
    response = probe_client.post(
        PATH,
        input_stream=body,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.request.content_length is None
    assert assert_problem(response, 413)["title"] == "Content Too Large"


def test_a_body_within_the_limit_is_read_whole(probe_client: FlaskClient) -> None:
    body = io.BytesIO(b'{"title": "' + b"x" * 150 + b'"}')

    response = probe_client.post(
        PATH,
        input_stream=body,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 201, response.text
    assert response.get_json()["title"] == "x" * 150


def test_unhandled_error_is_a_bare_500(probe_client: FlaskClient) -> None:
    response = probe_client.get(FAILURE, headers={"X-Request-ID": "trace-500"})

    problem = assert_problem(response, 500)
    assert problem["detail"] == "The server could not complete the request."
    assert SECRET not in response.text
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["x-request-id"] == "trace-500"


def test_deeply_nested_json_is_rejected_cleanly(probe_client: FlaskClient) -> None:
    nested = b'{"title": "x", "done": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    response = probe_client.post(PATH, data=nested, content_type="application/json")

    assert response.status_code in {400, 422}
    assert response.headers["content-type"] == "application/problem+json"


def _refusal(
    monkeypatch: pytest.MonkeyPatch, hsts_seconds: int = 0
) -> tuple[str, dict[str, str], bytes]:
    """What gunicorn writes when it refuses an over-long line, with the app's answer installed as
    in a worker (gunicorn.conf.py); undone after the test."""
    monkeypatch.setattr(util, "write_error", util.write_error)
    answer_refusals_as_problems(hsts_seconds)
    server, client = socket.socketpair()
    with server, client:
        util.write_error(server, 414, "URI Too Long", "GET /api/probes?per_page=9999... HTTP/1.1")
        server.shutdown(socket.SHUT_WR)
        raw = client.makefile("rb").read()

    head, body = raw.split(b"\r\n\r\n", 1)
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    return status_line, dict(line.split(": ", 1) for line in header_lines), body


def test_the_servers_own_refusals_are_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    status_line, headers, body = _refusal(monkeypatch)

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


def test_the_servers_own_refusals_carry_hsts_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    _, headers, _ = _refusal(monkeypatch, hsts_seconds=31536000)

    assert headers["Strict-Transport-Security"] == "max-age=31536000"


def gunicorn_response(head: bytes = b"GET /health HTTP/1.1\r\nHost: test\r\n\r\n") -> wsgi.Response:
    """The response a gthread worker starts for the request `head`, on a socket nobody reads."""
    config = Config()
    request = Request(config, IterUnreader([head]), ("127.0.0.1", 50000))
    server, client = socket.socketpair()
    server.close()
    client.close()
    return wsgi.Response(request, server, config)


def test_gunicorn_names_itself_in_no_server_header(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in a worker (gunicorn.conf.py), and undone after the test.
    monkeypatch.setattr(wsgi.Response, "default_headers", wsgi.Response.default_headers)
    drop_server_header()
    response = gunicorn_response()
    response.start_response("200 OK", [("Content-Length", "2")])

    lines = response.default_headers()

    assert lines[0] == "HTTP/1.1 200 OK\r\n"
    assert [line.split(":")[0] for line in lines[1:]] == ["Date", "Connection"]
