"""The PostgreSQL side of a comparison: a database per skeleton on the server the user gave,
created empty and dropped afterwards, and where the server listens for the latency proxy."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from generator.errors import MissingExtraError, PostgresUnreachableError

__all__ = [
    "POSTGRES_URL_VARIABLE",
    "address",
    "check_server",
    "database",
    "drop_database",
    "through",
]

POSTGRES_URL_VARIABLE = "FORGE_POSTGRES_URL"
# Tries at dropping a comparison's database, half a second apart (see database()).
DROP_ATTEMPTS = 40


def _psycopg():  # type: ignore[no-untyped-def]
    try:
        import psycopg
    except ImportError:
        raise MissingExtraError("psycopg", "forge compare --database postgres", "compare") from None
    return psycopg


def check_server(url: str) -> str:
    """The server's version; it must answer now, not after the skeletons are installed."""
    psycopg = _psycopg()
    if not urlsplit(url).hostname or urlsplit(url).hostname.startswith("/"):
        raise PostgresUnreachableError(
            "it names no TCP host; the I/O-bound case reaches the server over TCP"
        )
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
            row = connection.execute("SHOW server_version").fetchone()
    except psycopg.Error as error:
        raise PostgresUnreachableError(str(error)) from None
    return str(row[0]) if row else "unknown"


@contextmanager
def database(url: str, prefix: str) -> Iterator[str]:
    """A new empty database on the server of `url`; yields its URL, drops it afterwards."""
    psycopg = _psycopg()
    from psycopg import sql

    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(url)
    try:
        # A plain postgresql:// URL: each skeleton's settings pick their own driver for it.
        yield urlunsplit(("postgresql", parts.netloc, f"/{name}", parts.query, ""))
    finally:
        drop_database(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop database `name` on the server of `url`, ending its connections (FORCE)."""
    psycopg = _psycopg()
    from psycopg import sql

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(url, autocommit=True) as connection:
        for attempt in range(DROP_ATTEMPTS):
            try:
                connection.execute(drop)
                return
            except psycopg.errors.InsufficientPrivilege:
                # FORCE cannot end an autovacuum worker that a load's writes started in the
                # database unless the role may signal it (PostgreSQL 15); it is done within
                # moments on small tables.
                if attempt == DROP_ATTEMPTS - 1:
                    raise
                time.sleep(0.5)


def address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 5432


def through(url: str, host: str, port: int) -> str:
    """`url` reaching its server at host:port instead (the latency proxy), same credentials."""
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@{host}:{port}" if credentials else f"{host}:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
