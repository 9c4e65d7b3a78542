"""The engine's connection pool, and the shared column types on the suite's database."""

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI, Request
from sqlalchemy import Column, Integer, MetaData, Table, select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from app.api.deps import get_session
from app.core import database
from app.core.config import Settings
from app.core.database import pool_options
from app.main import create_app
from app.models.base import ExactDecimal, UTCDateTime
from tests.conftest import suite_database_url

# A table of the test's own, apart from the models' tables.
samples = Table(
    "column_type_samples",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("amount", ExactDecimal),
    Column("at", UTCDateTime),
)


@pytest.mark.parametrize(
    ("named", "used"),
    [
        (
            "postgresql://app:secret@db.example:5433/app",
            "postgresql+asyncpg://app:secret@db.example:5433/test_app",
        ),
        (
            "postgres://app@db.example/app?ssl=require",
            "postgresql+asyncpg://app@db.example/test_app?ssl=require",
        ),
        ("postgresql://app@db.example", "postgresql+asyncpg://app@db.example/test_app"),
        ("sqlite:////srv/data/app.db", "sqlite+aiosqlite:////srv/data/test_app.db"),
        ("sqlite:///app.db", "sqlite+aiosqlite:///test_app.db"),
    ],
)
def test_the_suite_uses_a_database_of_its_own_next_to_the_one_named(named: str, used: str) -> None:
    assert suite_database_url(named) == used


@pytest.mark.parametrize("named", ["sqlite://", "sqlite:///:memory:"])
def test_a_sqlite_database_in_memory_is_no_place_for_the_suites(named: str) -> None:
    with pytest.raises(pytest.UsageError, match="no SQLite file"):
        suite_database_url(named)


@pytest.mark.parametrize(
    "url", ["postgresql+asyncpg://app:secret@db.example/app", "postgresql://localhost/app"]
)
def test_a_postgresql_worker_keeps_a_fixed_pool_without_overflow(url: str) -> None:
    # An overflow connection would be closed as soon as it was returned, and opened again.
    assert pool_options(url, 7) == {"pool_size": 7, "max_overflow": 0}


def test_sqlite_keeps_the_pool_sqlalchemy_picks_for_it() -> None:
    assert pool_options("sqlite+aiosqlite:///app.db", 7) == {}


async def test_db_pool_size_sizes_the_pool_of_the_apps_engine(
    monkeypatch: pytest.MonkeyPatch, make_settings: Callable[..., Settings]
) -> None:
    """On PostgreSQL, without a server (nor, in a SQLite project, its driver): the engine's
    options are recorded, and an engine of SQLite's made instead."""
    options: dict[str, Any] = {}

    def record(url: str, **given: Any) -> AsyncEngine:
        options.update(given)
        return create_async_engine("sqlite+aiosqlite://")

    monkeypatch.setattr(database, "create_async_engine", record)

    app = create_app(make_settings(database_url="postgresql://app@db.example/app", db_pool_size=3))
    await app.state.engine.dispose()

    assert options["pool_size"] == 3
    assert options["max_overflow"] == 0


@pytest.mark.parametrize(
    ("method", "engine"),
    [("GET", "read_engine"), ("HEAD", "read_engine"), ("POST", "engine"), ("DELETE", "engine")],
)
async def test_a_reads_session_runs_on_the_engine_for_reads(
    app: FastAPI, method: str, engine: str
) -> None:
    """On PostgreSQL, outside a transaction: tests/test_postgresql.py in a PostgreSQL project."""
    request = Request({"type": "http", "method": method, "app": app, "headers": []})

    async for session in get_session(request):
        assert session.bind is getattr(app.state, engine)


@pytest.fixture
async def connection(app: FastAPI) -> AsyncIterator[AsyncConnection]:
    """A connection to the suite's database with the samples table, dropped afterwards."""
    async with app.state.engine.connect() as connection:
        await connection.run_sync(samples.create)
        await connection.commit()
        try:
            yield connection
        finally:
            await connection.rollback()
            await connection.run_sync(samples.drop)
            await connection.commit()


async def test_decimals_stay_exact_and_datetimes_come_back_in_utc(
    connection: AsyncConnection,
) -> None:
    paris = timezone(timedelta(hours=1))
    largest = Decimal("9999999999999999.99")
    await connection.execute(
        samples.insert(),
        [
            {"amount": largest, "at": datetime(2026, 11, 21, 10, 30, tzinfo=paris)},
            {"amount": None, "at": None},
        ],
    )

    stored = (await connection.execute(select(samples.c.amount, samples.c.at))).all()

    assert [tuple(row) for row in stored] == [
        (largest, datetime(2026, 11, 21, 9, 30, tzinfo=UTC)),
        (None, None),
    ]


async def test_a_naive_datetime_is_refused(connection: AsyncConnection) -> None:
    with pytest.raises(StatementError, match="aware datetime"):
        await connection.execute(samples.insert(), {"at": datetime(2026, 11, 21)})
