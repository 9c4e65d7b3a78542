"""The async engine and session factory; one engine per serving process."""

from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

__all__ = ["POOL_SIZE", "create_engine", "create_session_factory", "pool_options"]

# Connections one worker keeps open to PostgreSQL, and never more. SQLAlchemy's default (5, and
# 10 "overflow" connections closed as soon as they are returned) opens and closes connections
# all the time under sustained load: `forge compare` measured POST /api/tasks a third slower for
# it. Same peak as that default; keep workers x POOL_SIZE under the server's max_connections.
POOL_SIZE = 15


def create_engine(database_url: str, *, echo: bool = False) -> AsyncEngine:
    """Connections are checked before use, so the app recovers when the database comes back."""
    options = pool_options(database_url)
    engine = create_async_engine(database_url, echo=echo, pool_pre_ping=True, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
    return engine


def pool_options(database_url: str) -> dict[str, Any]:
    """A fixed pool on PostgreSQL; SQLite keeps SQLAlchemy's choice for its driver."""
    if make_url(database_url).get_backend_name() == "postgresql":
        return {"pool_size": POOL_SIZE, "max_overflow": 0}
    return {}


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: responses are built from them once the work is done.
    return async_sessionmaker(engine, expire_on_commit=False)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Several gunicorn workers share one file: WAL lets readers run beside a writer, and the
    # busy timeout makes a writer wait for the lock instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
