import json
import logging
import uuid

import httpx
import pytest

from app.core.logging import configure_logging
from tests.probes import FAILURE, PATH


async def test_a_sane_client_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "abc-123.DEF_9"})

    assert response.headers["x-request-id"] == "abc-123.DEF_9"


@pytest.mark.parametrize(
    "offered",
    [None, "", "x" * 129, "has space", "new\nline", "<script>"],
    ids=["absent", "empty", "too-long", "space", "newline", "markup"],
)
async def test_otherwise_a_new_uuid_is_issued(
    client: httpx.AsyncClient, offered: str | None
) -> None:
    headers = {"X-Request-ID": offered} if offered is not None else {}

    response = await client.get("/health", headers=headers)

    assert uuid.UUID(response.headers["x-request-id"])


async def test_errors_carry_the_id_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"X-Request-ID": "lost-1"})

    assert response.status_code == 404
    assert response.headers["x-request-id"] == "lost-1"


async def test_every_log_line_of_a_request_carries_its_id(
    probe_client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "json")
    try:
        await probe_client.post(PATH, json={"title": "Logged"}, headers={"X-Request-ID": "log-me"})
        await probe_client.get(FAILURE, headers={"X-Request-ID": "log-me-2"})
        await probe_client.get("/health")
    finally:
        configure_logging("INFO", "plain")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    by_message = {line["message"]: line for line in lines}
    assert by_message["Probed Logged"]["request_id"] == "log-me"
    failure = by_message[f"Unhandled error on GET {FAILURE}"]
    assert failure["request_id"] == "log-me-2"
    assert failure["level"] == "ERROR"
    assert "RuntimeError" in failure["exc_info"]


def test_lines_outside_a_request_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "plain")

    logging.getLogger("app").info("Starting")

    assert "INFO [app] [-] Starting" in capsys.readouterr().out
