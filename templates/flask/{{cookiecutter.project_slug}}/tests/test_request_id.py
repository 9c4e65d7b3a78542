import http.client
import json
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from gunicorn.config import Config
from werkzeug.serving import make_server

from app.core.access_log import AccessLogger
from app.core.logging import configure_logging, request_id_var
from app.core.middleware import RequestIdMiddleware
from tests.probes import FAILURE, PATH
from tests.test_errors import gunicorn_response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


def test_a_sane_client_id_is_echoed(client: FlaskClient) -> None:
    response = client.get("/health", headers={"X-Request-ID": "abc-123.DEF_9"})

    assert response.headers["x-request-id"] == "abc-123.DEF_9"


@pytest.mark.parametrize(
    "offered",
    [None, "", "x" * 129, "has space", "new\nline", "<script>"],
    ids=["absent", "empty", "too-long", "space", "newline", "markup"],
)
def test_otherwise_a_new_uuid_is_issued(client: FlaskClient, offered: str | None) -> None:
    # Straight into the WSGI environ: Werkzeug's client would refuse to send a newline.
    environ = {"HTTP_X_REQUEST_ID": offered} if offered is not None else {}

    response = client.get("/health", environ_overrides=environ)

    assert uuid.UUID(response.headers["x-request-id"])


def test_errors_carry_the_id_too(client: FlaskClient) -> None:
    response = client.get("/nowhere", headers={"X-Request-ID": "lost-1"})

    assert response.status_code == 404
    assert response.headers["x-request-id"] == "lost-1"


@contextmanager
def json_logs(capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """Logs as JSON while the block runs; yields a function returning the lines written."""
    configure_logging("INFO", "json")
    try:
        yield lambda: [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    finally:
        configure_logging("INFO", "plain")


def test_every_log_line_of_a_request_carries_its_id(
    probe_client: FlaskClient, capsys: pytest.CaptureFixture[str]
) -> None:
    with json_logs(capsys) as logged:
        for request_id in ("log-me", "log-me-2"):
            probe_client.post(
                PATH, json={"title": request_id}, headers={"X-Request-ID": request_id}
            )
        lines = logged()

    by_message = {line["message"]: line["request_id"] for line in lines}
    assert by_message["Probed log-me"] == "log-me"
    assert by_message["Probed log-me-2"] == "log-me-2"


def test_an_unhandled_error_is_logged_with_its_id_and_traceback(
    probe_client: FlaskClient, capsys: pytest.CaptureFixture[str]
) -> None:
    with json_logs(capsys) as logged:
        probe_client.get(FAILURE, headers={"X-Request-ID": "trace-500"})
        lines = logged()

    errors = [line for line in lines if line["level"] == "ERROR"]
    assert [line["request_id"] for line in errors] == ["trace-500"]
    assert "RuntimeError: SELECT secret" in errors[0]["exc_info"]


def test_the_development_servers_request_line_carries_the_id(
    app: APIFlask, capsys: pytest.CaptureFixture[str]
) -> None:
    # Werkzeug's server, as `flask run` starts it, logs each request's line while it sends the
    # response, after the app has returned.
    server = make_server("127.0.0.1", 0, app)
    serving = threading.Thread(target=server.handle_request)
    with json_logs(capsys) as logged:
        serving.start()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            connection.request("GET", "/health", headers={"X-Request-ID": "dev-1"})
            assert connection.getresponse().read()
        finally:
            connection.close()
            serving.join(5)
            server.server_close()
        lines = logged()

    [line] = [line for line in lines if line["logger"] == "werkzeug"]
    assert '"GET /health HTTP/1.1" 200' in line["message"]
    assert line["request_id"] == "dev-1"


def _app_that(fails: bool) -> Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]:
    def wsgi_app(environ: "WSGIEnvironment", start_response: "StartResponse") -> Iterable[bytes]:
        if fails:
            raise RuntimeError("boom")
        start_response("200 OK", [])
        return [(request_id_var.get() or "").encode()]

    return wsgi_app


def _start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
    return None


def test_the_id_is_set_until_the_server_closes_the_response() -> None:
    middleware = RequestIdMiddleware(_app_that(fails=False))
    before = request_id_var.get()

    body = middleware({"HTTP_X_REQUEST_ID": "served-2"}, _start_response)
    sent = list(body)
    during = request_id_var.get()
    body.close()

    assert (sent, during) == ([b"served-2"], "served-2")
    assert request_id_var.get() == before


def test_the_id_is_unset_when_the_app_raises() -> None:
    middleware = RequestIdMiddleware(_app_that(fails=True))
    before = request_id_var.get()

    with pytest.raises(RuntimeError, match="boom"):
        middleware({}, _start_response)

    assert request_id_var.get() == before


def test_the_gunicorn_access_line_carries_the_id(capsys: pytest.CaptureFixture[str]) -> None:
    config = Config()
    config.set("accesslog", "-")
    logger = AccessLogger(config)
    response = gunicorn_response(b"POST /api/probes HTTP/1.1\r\nHost: test\r\n\r\n")
    response.start_response("201 CREATED", [("X-Request-ID", "served-1")])
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": "/api/probes", "SERVER_PROTOCOL": "HTTP/1.1"}

    # As in a worker: gunicorn set its loggers up, then create_app configured logging.
    with json_logs(capsys) as logged:
        logger.access(response, response.req, environ, timedelta(milliseconds=3))
        [line] = logged()

    assert line["logger"] == "gunicorn.access"
    assert '"POST /api/probes HTTP/1.1" 201' in line["message"]
    assert line["request_id"] == "served-1"
