import json
import logging
import uuid
from typing import Any

import pytest
from django.test import Client

from app.core.logging import configure_logging, request_id_var
from tests.conftest import body_of, call_wsgi, entry_point, send_json
from tests.probes import PATH

pytestmark = pytest.mark.urls("tests.probes")


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
            client, "POST", PATH, {"title": "Logged"}, headers={"X-Request-ID": "log-me"}
        )
        client.delete(response["Location"], headers={"X-Request-ID": "log-me-2"})
        logging.getLogger("tests").info("After the requests")
    finally:
        configure_logging("INFO", "plain")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    by_message = {line["message"]: line["request_id"] for line in lines}
    probe_id = body_of(response)["id"]
    assert by_message[f"Created probe {probe_id}"] == "log-me"
    assert by_message[f"Deleted probe {probe_id}"] == "log-me-2"
    assert by_message["After the requests"] == "-"


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


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_servers_own_line_for_a_request_carries_its_id(
    method: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """gunicorn (its access line) and runserver log a request once the app has returned and the
    body is sent, before they close the response: the id is still the request's there, and
    no longer afterwards."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/health",
        "HTTP_X_REQUEST_ID": "served-1",
    }
    server = logging.getLogger("gunicorn.access")
    # Imported first: a first import sets Django up, which configures logging from settings.
    application = entry_point("config.wsgi").application

    configure_logging("INFO", "json")  # as Django does in each worker, after gunicorn's setup
    try:
        status, headers, _ = call_wsgi(
            application,
            environ,
            served=lambda: server.info('"%s /health HTTP/1.1" 200', method),
        )
        server.info("Closed")
    finally:
        configure_logging("INFO", "plain")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert (status, headers["X-Request-ID"]) == ("200 OK", "served-1")
    assert [(line["message"], line["request_id"]) for line in lines] == [
        (f'"{method} /health HTTP/1.1" 200', "served-1"),
        ("Closed", "-"),
    ]
    assert request_id_var.get() is None
