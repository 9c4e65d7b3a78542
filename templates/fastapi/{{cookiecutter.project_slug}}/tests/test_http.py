"""HTTP edges every forge skeleton answers alike: HEAD, security headers, no Server header."""

import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
import uvicorn
from gunicorn.util import load_class
from starlette.types import Message, Receive, Scope, Send

from app.core.config import Settings
from app.core.middleware import SecurityHeadersMiddleware
from app.main import create_app
from tests.conftest import make_client
from tests.probes import FAILURE, PATH, make_probe_app

GUNICORN_CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
HSTS_SECONDS = 31536000
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


@pytest.mark.parametrize("path", ["/health", "/health/ready", "/openapi.json", "/docs", "/nowhere"])
async def test_head_answers_as_get_without_a_body(client: httpx.AsyncClient, path: str) -> None:
    get = await client.get(path)
    head = await client.head(path)

    assert head.status_code == get.status_code
    assert head.content == b""
    # The same headers, Content-Length included (the body's length may differ: uptime grows).
    assert set(head.headers) == set(get.headers)
    assert head.headers["content-type"] == get.headers["content-type"]


async def test_head_of_an_api_route_and_of_a_missing_one(probe_client: httpx.AsyncClient) -> None:
    query = {"done": "true", "per_page": "5"}
    found = await probe_client.head(PATH, params=query)
    missing = await probe_client.head(f"{PATH}/x")

    assert (found.status_code, found.content) == (200, b"")
    assert found.headers["content-type"] == "application/json"
    got = await probe_client.get(PATH, params=query)
    assert found.headers["content-length"] == str(len(got.content))
    assert (missing.status_code, missing.content) == (404, b"")
    assert missing.headers["content-type"] == "application/problem+json"


async def test_head_refuses_what_get_refuses(client: httpx.AsyncClient) -> None:
    response = await client.head("/health", params={"per_page": 0})

    assert (response.status_code, response.content) == (422, b"")


async def answer_each_kind(client: httpx.AsyncClient) -> dict[str, httpx.Response]:
    """One answer of each kind the app gives: successes, every refusal, an unexpected error,
    and its docs; `client` is the probe app's (tests/probes.py)."""
    json = {"content-type": "application/json"}
    return {
        "health": await client.get("/health"),
        "head": await client.head("/health"),
        "list": await client.get(PATH),
        "created": await client.post(PATH, json={"title": "Headers"}),
        "invalid": await client.post(PATH, json={"title": ""}),
        "not-json": await client.post(PATH, content=b"{", headers=json),
        "media-type": await client.post(PATH, content=b"x", headers={"content-type": "text/plain"}),
        "too-large": await client.post(PATH, content=b"x" * 2_000_000, headers=json),
        "unknown-path": await client.get("/nowhere"),
        "method": await client.delete(PATH),
        "too-long": await client.get(PATH, params={"q": "x" * 9000}),
        "failure": await client.get(FAILURE),
        "docs": await client.get("/docs"),
        "document": await client.get("/openapi.json"),
    }


async def test_every_kind_of_answer_is_produced(probe_client: httpx.AsyncClient) -> None:
    answers = await answer_each_kind(probe_client)

    statuses = {name: response.status_code for name, response in answers.items()}

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
        "failure": 500,
        "docs": 200,
        "document": 200,
    }


@pytest.mark.parametrize("header", sorted(SECURITY_HEADERS))
async def test_security_headers_on_every_answer(
    probe_client: httpx.AsyncClient, header: str
) -> None:
    answers = await answer_each_kind(probe_client)

    values = {name: response.headers.get(header) for name, response in answers.items()}

    assert values == dict.fromkeys(answers, SECURITY_HEADERS[header])


async def test_security_headers_replace_those_a_route_sets() -> None:
    async def route(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"x-frame-options", b"SAMEORIGIN"), (b"content-type", b"text/plain")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})

    app = SecurityHeadersMiddleware(route)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/")

    assert response.headers.get_list("x-frame-options") == [SECURITY_HEADERS["x-frame-options"]]
    assert response.headers["content-type"] == "text/plain"


async def test_no_hsts_by_default(probe_client: httpx.AsyncClient) -> None:
    answers = await answer_each_kind(probe_client)

    assert not [name for name, r in answers.items() if "strict-transport-security" in r.headers]


@pytest.fixture
async def hsts_client(make_settings: Callable[..., Settings]) -> AsyncIterator[httpx.AsyncClient]:
    app = make_probe_app(make_settings(hsts_seconds=HSTS_SECONDS))
    async with make_client(app) as client:
        yield client
    await app.state.engine.dispose()


async def test_hsts_on_every_answer_when_set(hsts_client: httpx.AsyncClient) -> None:
    answers = await answer_each_kind(hsts_client)

    values = {name: r.headers.get("strict-transport-security") for name, r in answers.items()}

    assert values == dict.fromkeys(answers, f"max-age={HSTS_SECONDS}")


async def test_lifespan_runs_through_the_middleware_and_disposes_the_engine(
    make_settings: Callable[..., Settings],
) -> None:
    app = create_app(make_settings())
    pool = app.state.engine.pool
    received = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[str] = []

    async def receive() -> Message:
        return received.pop(0)

    async def send(message: Message) -> None:
        sent.append(message["type"])

    await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, receive, send)

    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert app.state.engine.pool is not pool  # disposed: a new, empty pool


def test_gunicorn_workers_send_no_server_header() -> None:
    """uvicorn would name itself in a Server header on every answer; the worker turns it off."""
    worker_class = re.search(r'^worker_class = "(.+)"$', GUNICORN_CONF.read_text(), re.M)
    assert worker_class
    worker = load_class(worker_class[1])

    config = uvicorn.Config(create_app, factory=True, **worker.CONFIG_KWARGS)

    assert config.server_header is False
