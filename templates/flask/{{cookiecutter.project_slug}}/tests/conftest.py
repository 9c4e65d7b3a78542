"""Fixtures: one app and database per session, emptied after every test.

Tests never touch the database they are pointed at. Without TEST_DATABASE_URL they use a
throw-away SQLite file. With it (CI points it at a real PostgreSQL) they create a database of
their own next to the one named, as Django does, and drop it at the end:
`postgresql://host/app` -> `test_app` on that server; `sqlite:///path/app.db` ->
`path/test_app.db`. Nothing is read from the developer's `.env`.
"""

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app import create_app
from app.core.config import PROJECT_ROOT, Settings, database_driver_url
from app.extensions import db
{%- if cookiecutter.auth == "jwt" %}
from app.models.user import User
from app.services import tokens, users
{%- endif %}
from tests.probes import make_probe_app

TEST_SECRET = "test-secret-key-that-is-long-enough-to-pass"
TEST_PREFIX = "test_"
{%- if cookiecutter.auth == "jwt" %}
# The password of the suite's accounts.
PASSWORD = "correct horse battery"
{%- endif %}


def suite_database_url(named: str) -> str:
    """The database the suite uses instead of `named`: the same server or folder, `test_`
    before the database's or the file's name."""
    url = make_url(database_driver_url(named))
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            pytest.exit(
                f"TEST_DATABASE_URL names no SQLite file: {named}", pytest.ExitCode.USAGE_ERROR
            )
        # A relative path is taken inside instance/, as Flask-SQLAlchemy takes it.
        path = PROJECT_ROOT / "instance" / url.database
        url = url.set(database=str(path.with_name(TEST_PREFIX + path.name)))
    else:
        url = url.set(database=TEST_PREFIX + (url.database or url.username or "postgres"))
    return url.render_as_string(hide_password=False)


DROP_ATTEMPTS = 10


def _drop_database(named: str, url: str) -> None:
    """Removes the suite's own database `url`: the SQLite file (and its WAL files), or the
    server's database, dropped over a connection to the `named` one, which stays as it was."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    # FORCE: a connection some test left open must not keep the database alive. An autovacuum
    # worker in it is a superuser's, which FORCE may not end: it is done within moments.
    for attempt in range(DROP_ATTEMPTS):
        try:
            _on_server(named, "DROP DATABASE IF EXISTS {} WITH (FORCE)", parsed.database)
            return
        except DBAPIError:
            if attempt == DROP_ATTEMPTS - 1:
                raise
            time.sleep(0.5)


def _create_database(named: str, url: str) -> None:
    """An empty database of the suite's own; one a previous run left behind goes first."""
    _drop_database(named, url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":  # the file comes with its first connection
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
    else:
        _on_server(named, "CREATE DATABASE {}", parsed.database)


def _on_server(named: str, statement: str, database: str | None) -> None:
    # CREATE and DROP DATABASE run outside a transaction, from any database of the server.
    url = database_driver_url(named)
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    quoted = engine.dialect.identifier_preparer.quote(str(database))
    try:
        with engine.connect() as connection:
            connection.execute(text(statement.format(quoted)))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    named = os.environ.get("TEST_DATABASE_URL")
    if not named:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    url = suite_database_url(named)
    _create_database(named, url)
    try:
        yield url
    finally:
        _drop_database(named, url)


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


{% if cookiecutter.auth == "jwt" %}@pytest.fixture
def make_user(app: APIFlask) -> Callable[..., User]:
    """Accounts, made as registration makes them; the password is PASSWORD unless given."""

    def make(email: str, password: str = PASSWORD, *, is_superuser: bool = False) -> User:
        with app.app_context():
            return users.create_user(email=email, password=password, is_superuser=is_superuser)

    return make


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user("ada@example.com")


@pytest.fixture
def other_user(make_user: Callable[..., User]) -> User:
    return make_user("grace@example.com")


@pytest.fixture
def superuser(make_user: Callable[..., User]) -> User:
    return make_user("root@example.com", is_superuser=True)


def signed_in(app: APIFlask, user: User) -> FlaskClient:
    """A client whose every request carries an access token of `user`."""
    with app.app_context():
        token = tokens.issue_tokens(user).access_token
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def client(app: APIFlask, user: User) -> FlaskClient:
    """Signed in as `user`: the API's operations need a token."""
    return signed_in(app, user)


@pytest.fixture
def anonymous_client(app: APIFlask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def other_client(app: APIFlask, other_user: User) -> FlaskClient:
    return signed_in(app, other_user)


@pytest.fixture
def superuser_client(app: APIFlask, superuser: User) -> FlaskClient:
    return signed_in(app, superuser)
{% else %}@pytest.fixture
def client(app: APIFlask) -> FlaskClient:
    return app.test_client()
{% endif %}

@pytest.fixture
def runner(app: APIFlask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def probe_app(make_settings: Callable[..., Settings]) -> Iterator[APIFlask]:
    """The app with the routes of tests/probes.py; they never reach the database."""
    app = make_probe_app(make_settings())
    yield app
    dispose(app)


@pytest.fixture
def probe_client(probe_app: APIFlask) -> FlaskClient:
    return probe_app.test_client()


@pytest.fixture
def make_probe_client(
    make_settings: Callable[..., Settings],
) -> Iterator[Callable[..., FlaskClient]]:
    """Clients of probe apps with other settings than the session's."""
    apps: list[APIFlask] = []

    def make(**overrides: Any) -> FlaskClient:
        apps.append(make_probe_app(make_settings(**overrides)))
        return apps[-1].test_client()

    yield make
    for app in apps:
        dispose(app)
