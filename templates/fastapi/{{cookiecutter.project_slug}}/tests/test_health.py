from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from app import __version__
from app.api.routes import health
from app.core.config import Settings
from app.main import create_app
from tests.conftest import make_client


async def test_health_reports_status_uptime_and_version(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert isinstance(body["uptime"], float)
    assert body["uptime"] >= 0


async def test_uptime_grows(client: httpx.AsyncClient) -> None:
    first = (await client.get("/health")).json()["uptime"]
    second = (await client.get("/health")).json()["uptime"]

    assert second > first


async def test_ready_when_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.fixture
async def unreachable_client(
    make_settings: Callable[..., Settings], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[httpx.AsyncClient]:
    missing_dir = tmp_path_factory.mktemp("gone") / "no" / "such" / "dir"
    app = create_app(make_settings(database_url=f"sqlite+aiosqlite:///{missing_dir}/app.db"))
    async with make_client(app) as client:
        yield client
    await app.state.engine.dispose()


async def test_not_ready_when_database_is_unreachable(
    unreachable_client: httpx.AsyncClient,
) -> None:
    response = await unreachable_client.get("/health/ready")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"].startswith("unreachable")
    assert "sqlite" not in body["checks"]["database"]


async def test_not_ready_when_the_database_is_too_slow(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    # No time at all: the check gives up at the first wait for the database.
    monkeypatch.setattr(health, "READY_TIMEOUT_SECONDS", 0)
    app = create_app(make_settings())
    async with make_client(app) as client:
        response = await client.get("/health/ready")
    await app.state.engine.dispose()

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "timeout"}}


async def test_liveness_ignores_the_database(unreachable_client: httpx.AsyncClient) -> None:
    response = await unreachable_client.get("/health")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_readiness_documents_one_schema_for_both_answers(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    responses = document["paths"]["/health/ready"]["get"]["responses"]
    readiness = {"$ref": "#/components/schemas/Readiness"}
    assert responses["200"]["content"]["application/json"]["schema"] == readiness
    assert responses["503"]["content"]["application/json"]["schema"] == readiness
