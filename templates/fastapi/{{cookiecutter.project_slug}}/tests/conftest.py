"""Fixtures: one app and database per session, emptied after every test.

Tests never touch the database they are pointed at. Without TEST_DATABASE_URL they use a
throw-away SQLite file. With it (CI points it at a real PostgreSQL) they create a database of
their own next to the one named, as Django does, and drop it at the end:
`postgresql://host/app` -> `test_app` on that server; `sqlite:///path/app.db` ->
`path/test_app.db`. Nothing is read from the developer's `.env`.
{%- if cookiecutter.auth == "jwt" %}

`client` is signed in as `user`; `anonymous_client`, `other_client` (another user) and
`superuser_client` are the others a test may need. Passwords are hashed with Argon2's cheapest
parameters here, and only here.
{%- endif %}
"""

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
{%- if cookiecutter.auth == "jwt" %}
from pwdlib.hashers.argon2 import Argon2Hasher
{%- endif %}
from sqlalchemy import event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

{% if cookiecutter.auth == "jwt" %}from app.core import security
{% endif %}from app.core.config import Settings, async_driver_url
from app.main import create_app
from app.models import Base
{%- if cookiecutter.auth == "jwt" %}
from app.models.user import User
from app.services import users
{%- endif %}
from tests.probes import make_probe_app

TEST_SECRET = "test-secret-key-that-is-long-enough-to-pass"
TEST_PREFIX = "test_"
{%- if cookiecutter.auth == "jwt" %}
PASSWORD = "correct horse battery staple"
{%- endif %}


def suite_database_url(named: str) -> str:
    """The database the suite uses instead of `named`: the same server or folder, `test_`
    before the database's or the file's name."""
    url = make_url(async_driver_url(named))
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not url.database or url.database == ":memory:":
            raise pytest.UsageError(f"TEST_DATABASE_URL names no SQLite file: {named}")
        url = url.set(database=str(path.with_name(TEST_PREFIX + path.name)))
    else:
        url = url.set(database=TEST_PREFIX + (url.database or url.username or "postgres"))
    return url.render_as_string(hide_password=False)


DROP_ATTEMPTS = 10


async def _drop_database(named: str, url: str) -> None:
    """Removes the suite's own database `url`: the SQLite file (and its WAL files), or the
    server's database, dropped over a connection to the `named` one, which stays as it was."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _remove_sqlite_files(str(parsed.database))
        return
    # FORCE: a connection some test left open must not keep the database alive. An autovacuum
    # worker in it is a superuser's, which FORCE may not end: it is done within moments.
    for attempt in range(DROP_ATTEMPTS):
        try:
            await _on_server(named, "DROP DATABASE IF EXISTS {} WITH (FORCE)", parsed.database)
            return
        except DBAPIError:
            if attempt == DROP_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.5)


def _remove_sqlite_files(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(path + suffix).unlink(missing_ok=True)


async def _create_database(named: str, url: str) -> None:
    """An empty database of the suite's own; one a previous run left behind goes first."""
    await _drop_database(named, url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":  # a SQLite file comes with its first connection
        await _on_server(named, "CREATE DATABASE {}", parsed.database)


async def _on_server(named: str, statement: str, database: str | None) -> None:
    # CREATE and DROP DATABASE run outside a transaction, from any database of the server.
    engine = create_async_engine(
        async_driver_url(named), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    quoted = engine.dialect.identifier_preparer.quote(str(database))
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement.format(quoted)))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    named = os.environ.get("TEST_DATABASE_URL")
    if not named:
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    url = suite_database_url(named)
    await _create_database(named, url)
    try:
        yield url
    finally:
        await _drop_database(named, url)


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
    if app.state.engine.dialect.name == "sqlite":
        event.listen(app.state.engine.sync_engine, "connect", _without_waiting_for_the_disk)
    async with app.state.engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    yield app
    await app.state.engine.dispose()


def _without_waiting_for_the_disk(dbapi_connection: Any, _record: Any) -> None:
    """The suite's SQLite file is thrown away: its commits need not wait for the disk. With
    every commit synced (SQLite's default), the suite spends most of its time waiting on them.
    In WAL mode, NORMAL still keeps the file consistent."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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


{% if cookiecutter.auth == "jwt" -%}
def make_client(app: FastAPI, user: User | None = None) -> httpx.AsyncClient:
    """A client of `app`, signed in as `user` if one is given."""
    transport = httpx.ASGITransport(app=app)
    headers = access_headers(user) if user else {}
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers)


def access_headers(user: User, *, minutes: int = 15) -> dict[str, str]:
    token = security.create_access_token(user.id, key=TEST_SECRET, minutes=minutes)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2id at its cheapest, for a fast suite; the app itself keeps argon2-cffi's defaults."""
    cheap = security.Passwords(Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(security, "passwords", cheap)
        yield


async def add_user(app: FastAPI, email: str, *, superuser: bool = False) -> User:
    """A user whose password is PASSWORD."""
    async with app.state.session_factory() as session:
        return await users.create_user(
            session, email=email, password=PASSWORD, is_superuser=superuser
        )


@pytest.fixture
async def user(app: FastAPI) -> User:
    return await add_user(app, "user@example.com")


@pytest.fixture
async def client(app: FastAPI, user: User) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app, user) as client:
        yield client


@pytest.fixture
async def anonymous_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as client:
        yield client


@pytest.fixture
async def other_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app, await add_user(app, "other@example.com")) as client:
        yield client


@pytest.fixture
async def superuser_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    superuser = await add_user(app, "admin@example.com", superuser=True)
    async with make_client(app, superuser) as client:
        yield client
{%- else -%}
def make_client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as client:
        yield client
{%- endif %}


@pytest.fixture
def sent_statements(app: FastAPI) -> Iterator[list[str]]:
    """The SQL of each statement `app` sends to its database while the test runs, in order:
    what a test counts to keep an operation to the round trips it needs."""
    sent: list[str] = []

    def note(*args: Any) -> None:  # (connection, cursor, statement, parameters, ...)
        sent.append(args[2])

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", note)
    yield sent
    event.remove(engine, "before_cursor_execute", note)


@pytest.fixture(scope="session")
async def probe_app(make_settings: Callable[..., Settings]) -> AsyncIterator[FastAPI]:
    """The app with the routes of tests/probes.py; it never reaches the database."""
    app = make_probe_app(make_settings())
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def probe_client(probe_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(probe_app) as client:
        yield client
