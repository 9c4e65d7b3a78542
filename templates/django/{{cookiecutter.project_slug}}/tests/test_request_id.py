import json
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config

from app.core.logging import configure_logging
from app.core.serving import AccessLogger
from tests.conftest import body_of, send_json


def test_a_sane_client_id_is_echoed(client: Client) -> None:
    response = client.get("/health", headers={"X-Request-ID": "abc-123.DEF_9"})

    assert response["X-Request-ID"] == "abc-123.DEF_9"


@pytest.mark.parametrize(
    "offered",
    [None, "", "x" * 129, "has space", "new\nline", "<script>"],
    ids=["absent", "empty", "too-long", "space", "newline", "markup"],
)
def test_otherwise_a_new_uuid_is_issued(client: Client, offered: str | None) -> None:
    headers = {"X-Request-ID": offered} if offered is not None else {}

    response = client.get("/health", headers=headers)

    assert uuid.UUID(response["X-Request-ID"])


def test_errors_carry_the_id_too(client: Client) -> None:
    response = client.get("/nowhere", headers={"X-Request-ID": "lost-1"})

    assert response.status_code == 404
    assert response["X-Request-ID"] == "lost-1"


def test_every_log_line_of_a_request_carries_its_id(
    client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "json")
    try:
        response = send_json(
            client, "POST", "/api/tasks", {"title": "Logged"}, headers={"X-Request-ID": "log-me"}
        )
        client.delete(response["Location"], headers={"X-Request-ID": "log-me-2"})
    finally:
        configure_logging("INFO", "plain")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    by_message = {line["message"]: line["request_id"] for line in lines}
    task_id = body_of(response)["id"]
    assert by_message[f"Created task {task_id}"] == "log-me"
    assert by_message[f"Deleted task {task_id}"] == "log-me-2"


def test_django_s_lines_about_errors_carry_the_id_too(
    client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "json")
    try:
        client.get("/nowhere", headers={"X-Request-ID": "lost-2"})
    finally:
        configure_logging("INFO", "plain")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert [(line["message"], line["request_id"]) for line in lines] == [
        ("Not Found: /nowhere", "lost-2")
    ]


def test_gunicorn_access_lines_carry_the_id(capsys: pytest.CaptureFixture[str]) -> None:
    """gunicorn logs the access line after the app has returned, from the response."""
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s')
    logger = AccessLogger(config)
    response = SimpleNamespace(status="200 OK", headers=[("X-Request-ID", "served-1")], sent=2)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/health",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }

    configure_logging("INFO", "json")  # as Django does in each worker, after gunicorn's setup
    try:
        logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
    finally:
        configure_logging("INFO", "plain")

    (line,) = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert line["logger"] == "gunicorn.access"
    assert line["message"] == '127.0.0.1 "GET /health HTTP/1.1" 200'
    assert line["request_id"] == "served-1"
