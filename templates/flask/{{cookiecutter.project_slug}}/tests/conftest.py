"""Fixtures: one app and database per session, emptied after every test.

Tests run against a throw-away SQLite file, or against TEST_DATABASE_URL when it is set (CI
points it at a real PostgreSQL). Nothing is read from the developer's `.env`.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient, FlaskCliRunner

from app import create_app
from app.core.config import Settings
from app.extensions import db

TEST_SECRET = "test-secret-key-that-is-long-enough-to-pass"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("db") / "test.db"
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{path}"


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
            "hsts_seconds": 0,
            **overrides,
        }
        return Settings(_env_file=None, **values)

    return make


def dispose(app: APIFlask) -> None:
    """Close the app's pooled connections: a test leaves none open behind it."""
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def app(make_settings: Callable[..., Settings]) -> Iterator[APIFlask]:
    app = create_app(make_settings())
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    dispose(app)


@pytest.fixture
def make_app(make_settings: Callable[..., Settings]) -> Iterator[Callable[..., APIFlask]]:
    """Apps with other settings than the session's; closed again after the test."""
    apps: list[APIFlask] = []

    def make(**overrides: Any) -> APIFlask:
        apps.append(create_app(make_settings(**overrides)))
        return apps[-1]

    yield make
    for app in apps:
        dispose(app)


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts from empty tables, whatever the previous one wrote."""
    yield
    if "app" not in request.fixturenames:
        return
    app: APIFlask = request.getfixturevalue("app")
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app: APIFlask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: APIFlask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def create_task(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    def create(title: str = "Buy milk", *, done: bool = False) -> dict[str, Any]:
        response = client.post("/api/tasks", json={"title": title, "done": done})
        assert response.status_code == 201, response.text
        return response.json

    return create
