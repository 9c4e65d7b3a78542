import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from flask.testing import FlaskClient
from gunicorn.config import Config

from app.core.logging import GunicornLogger, configure_logging
from app.services import tasks as task_service


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
    client: FlaskClient, capsys: pytest.CaptureFixture[str]
) -> None:
    with json_logs(capsys) as logged:
        response = client.post(
            "/api/tasks", json={"title": "Logged"}, headers={"X-Request-ID": "log-me"}
        )
        client.delete(response.headers["location"], headers={"X-Request-ID": "log-me-2"})
        lines = logged()

    by_message = {line["message"]: line["request_id"] for line in lines}
    task_id = response.json["id"]
    assert by_message[f"Created task {task_id}"] == "log-me"
    assert by_message[f"Deleted task {task_id}"] == "log-me-2"


def test_an_unhandled_error_is_logged_with_its_id_and_traceback(
    client: FlaskClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(task_service, "list_tasks", explode)

    with json_logs(capsys) as logged:
        client.get("/api/tasks", headers={"X-Request-ID": "trace-500"})
        lines = logged()

    errors = [line for line in lines if line["level"] == "ERROR"]
    assert [line["request_id"] for line in errors] == ["trace-500"]
    assert "RuntimeError: boom" in errors[0]["exc_info"]


def test_the_gunicorn_access_line_carries_the_id(capsys: pytest.CaptureFixture[str]) -> None:
    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    response = SimpleNamespace(status="201 CREATED", headers=[("X-Request-ID", "served-1")], sent=9)
    environ = {"REQUEST_METHOD": "POST", "RAW_URI": "/api/tasks", "SERVER_PROTOCOL": "HTTP/1.1"}

    # As in a worker: gunicorn set its loggers up, then create_app configured logging.
    with json_logs(capsys) as logged:
        logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
        [line] = logged()

    assert line["logger"] == "gunicorn.access"
    assert '"POST /api/tasks HTTP/1.1" 201' in line["message"]
    assert line["request_id"] == "served-1"
