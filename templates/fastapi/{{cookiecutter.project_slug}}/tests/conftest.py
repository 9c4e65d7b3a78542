"""Fixtures: one app and database per session, emptied after every test.

Tests run against a throw-away SQLite file, or against TEST_DATABASE_URL when it is set (CI
points it at a real PostgreSQL). Nothing is read from the developer's `.env`.
"""

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.core.config import Settings
from app.main import create_app
from app.models import Base

TEST_SECRET = "test-secret-key-that-is-long-enough-to-pass"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("db") / "test.db"
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def make_settings(database_url: str) -> Callable[..., Settings]:
    """Settings for tests, isolated from the environment's and `.env`'s values."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "app_env": "test",
            "database_url": database_url,
            "secret_key": TEST_SECRET,
            "log_format": "plain",
            "cors_origins": [],
            **overrides,
        }
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture(scope="session")
async def app(make_settings: Callable[..., Settings]) -> AsyncIterator[FastAPI]:
    app = create_app(make_settings())
    async with app.state.engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    yield app
    await app.state.engine.dispose()


@pytest.fixture(autouse=True)
async def _empty_tables(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Each test starts from empty tables, whatever the previous one wrote."""
    yield
    if "app" not in request.fixturenames:
        return
    app: FastAPI = request.getfixturevalue("app")
    async with app.state.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


def make_client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as client:
        yield client


@pytest.fixture
def create_task(client: httpx.AsyncClient) -> Callable[..., Any]:
    async def create(title: str = "Buy milk", *, done: bool = False) -> dict[str, Any]:
        response = await client.post("/api/tasks", json={"title": title, "done": done})
        assert response.status_code == 201, response.text
        return response.json()

    return create
