"""Databases for baked projects: a SQLite file, or a fresh database on a real PostgreSQL.

PostgreSQL comes from FORGE_TEST_POSTGRES_URL (a role allowed to create databases), which
.ci/run sets after starting Debian's server; see the README for a developer's machine.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.compare.postgres import drop_database

__all__ = ["POSTGRES_ENV", "fresh_database", "postgres_server"]

POSTGRES_ENV = "FORGE_TEST_POSTGRES_URL"


@contextmanager
def fresh_database(database: str, workdir: Path) -> Iterator[str]:
    """Yields the URL of an empty database, dropped again afterwards."""
    if database == "sqlite":
        yield f"sqlite:///{workdir / f'{uuid.uuid4().hex}.db'}"
        return
    yield from _postgres_database(postgres_server())


def postgres_server() -> str:
    """The test server's URL; without one the test is skipped, or fails under CI."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        message = f"no PostgreSQL server: set {POSTGRES_ENV} (.ci/run starts one)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return server


def _postgres_database(server: str) -> Iterator[str]:
    import psycopg
    from psycopg import sql

    name = f"forge_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = server.rpartition("/")
    try:
        # A plain URL: each skeleton's settings pick their own driver for it.
        yield f"{base}/{name}"
    finally:
        drop_database(server, name)
