"""HTTP edges every forge skeleton answers alike: HEAD, security headers, no Server header."""

import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from gunicorn.util import load_class

from app.core.config import Settings
from app.main import create_app
from app.services import tasks as task_service
from tests.conftest import make_client

CreateTask = Callable[..., Any]
GUNICORN_CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
HSTS_SECONDS = 31536000
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


@pytest.mark.parametrize(
    "path", ["/health", "/health/ready", "/api/tasks", "/openapi.json", "/docs", "/nowhere"]
)
async def test_head_answers_as_get_without_a_body(client: httpx.AsyncClient, path: str) -> None:
    get = await client.get(path)
    head = await client.head(path)

    assert head.status_code == get.status_code
    assert head.content == b""
    # The same headers, Content-Length included (the body's length may differ: uptime grows).
    assert set(head.headers) == set(get.headers)
    assert head.headers["content-type"] == get.headers["content-type"]


async def test_head_of_a_task_and_of_a_missing_one(
    client: httpx.AsyncClient, create_task: CreateTask
) -> None:
    task = await create_task()

    found = await client.head(f"/api/tasks/{task['id']}")
    missing = await client.head("/api/tasks/999999")

    assert (found.status_code, found.content) == (200, b"")
    assert found.headers["content-type"] == "application/json"
    assert (missing.status_code, missing.content) == (404, b"")
    assert missing.headers["content-type"] == "application/problem+json"


async def test_head_refuses_what_get_refuses(client: httpx.AsyncClient) -> None:
    response = await client.head("/api/tasks", params={"per_page": 0})

    assert (response.status_code, response.content) == (422, b"")


async def answer_each_kind(client: httpx.AsyncClient) -> dict[str, httpx.Response]:
    """One answer of each kind the app gives: successes, every refusal, and its docs."""
    json = {"content-type": "application/json"}
    return {
        "health": await client.get("/health"),
        "head": await client.head("/health"),
        "list": await client.get("/api/tasks"),
        "created": await client.post("/api/tasks", json={"title": "Headers"}),
        "invalid": await client.post("/api/tasks", json={"title": ""}),
        "not-json": await client.post("/api/tasks", content=b"{", headers=json),
        "media-type": await client.post(
            "/api/tasks", content=b"x", headers={"content-type": "text/plain"}
        ),
        "too-large": await client.post("/api/tasks", content=b"x" * 2_000_000, headers=json),
        "unknown-path": await client.get("/nowhere"),
        "method": await client.delete("/api/tasks"),
        "too-long": await client.get("/api/tasks", params={"q": "x" * 9000}),
        "docs": await client.get("/docs"),
        "document": await client.get("/openapi.json"),
    }


async def test_every_kind_of_answer_is_produced(client: httpx.AsyncClient) -> None:
    statuses = {name: r.status_code for name, r in (await answer_each_kind(client)).items()}

    assert statuses == {
        "health": 200,
        "head": 200,
        "list": 200,
        "created": 201,
        "invalid": 422,
        "not-json": 400,
        "media-type": 415,
        "too-large": 413,
        "unknown-path": 404,
        "method": 405,
        "too-long": 414,
        "docs": 200,
        "document": 200,
    }


@pytest.mark.parametrize("header", sorted(SECURITY_HEADERS))
async def test_security_headers_on_every_answer(client: httpx.AsyncClient, header: str) -> None:
    answers = await answer_each_kind(client)

    values = {name: response.headers.get(header) for name, response in answers.items()}

    assert values == dict.fromkeys(answers, SECURITY_HEADERS[header])


async def test_security_headers_on_an_unhandled_error(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(task_service, "list_tasks", explode)

    response = await client.get("/api/tasks")

    assert response.status_code == 500
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS


async def test_no_hsts_by_default(client: httpx.AsyncClient) -> None:
    answers = await answer_each_kind(client)

    assert not [name for name, r in answers.items() if "strict-transport-security" in r.headers]


@pytest.fixture
async def hsts_client(make_settings: Callable[..., Settings]) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(hsts_seconds=HSTS_SECONDS))
    async with make_client(app) as client:
        yield client
    await app.state.engine.dispose()


async def test_hsts_on_every_answer_when_set(hsts_client: httpx.AsyncClient) -> None:
    answers = await answer_each_kind(hsts_client)

    values = {name: r.headers.get("strict-transport-security") for name, r in answers.items()}

    assert values == dict.fromkeys(answers, f"max-age={HSTS_SECONDS}")


def test_gunicorn_workers_send_no_server_header() -> None:
    """uvicorn would name itself in a Server header on every answer; the worker turns it off."""
    worker_class = re.search(r'^worker_class = "(.+)"$', GUNICORN_CONF.read_text(), re.M)
    assert worker_class
    worker = load_class(worker_class[1])

    config = uvicorn.Config(create_app, factory=True, **worker.CONFIG_KWARGS)

    assert config.server_header is False
