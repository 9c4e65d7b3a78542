"""The async engine and session factory; one engine per serving process."""

from typing import Any

from sqlalchemy import event, exc, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

__all__ = ["create_engine", "create_session_factory", "for_reads", "pool_options"]


def create_engine(database_url: str, *, pool_size: int, echo: bool = False) -> AsyncEngine:
    """The app recovers when its database server comes back after a restart: a pooled
    connection the server closed is replaced at checkout (`_replace_closed`). A SQLite file has
    no server to lose.

    The pool does not roll back a SQLite connection given back to it. Every connection is
    given back by a session or connection closing (`async with`), which SQLAlchemy runs to
    completion even when the request is cancelled and which has already ended its transaction:
    the pool's rollback would be a second one, one more trip through aiosqlite's thread.
    """
    options = pool_options(database_url, pool_size)
    server = make_url(database_url).get_backend_name() != "sqlite"
    if not server:
        options["pool_reset_on_return"] = None
    engine = create_async_engine(database_url, echo=echo, **options)
    if server:
        event.listen(engine.sync_engine, "checkout", _replace_closed)
    else:
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
    return engine


def for_reads(engine: AsyncEngine) -> AsyncEngine:
    """`engine` for lone reads, such as the token check's user lookup and a GET's queries.

    On PostgreSQL it runs in autocommit: a SELECT needs no transaction of its own, and the
    BEGIN and ROLLBACK around it were two more round trips to the server. The pool is the
    same. A SQLite read starts no transaction anyway, and switching its connections' mode
    would cost two trips through aiosqlite's thread instead.
    """
    if engine.dialect.name == "sqlite":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def pool_options(database_url: str, pool_size: int) -> dict[str, Any]:
    """On PostgreSQL, a fixed pool of `pool_size` connections (DB_POOL_SIZE): the most one
    worker ever holds. SQLite keeps SQLAlchemy's choice for its driver.

    No overflow: SQLAlchemy's default (5, and 10 "overflow" connections closed as soon as they
    are returned) opens and closes connections all the time under sustained load, and
    `forge compare` measured POST /api/tasks a third slower for it. A request that finds every
    connection taken waits for one instead.
    """
    if make_url(database_url).get_backend_name() == "postgresql":
        return {"pool_size": pool_size, "max_overflow": 0}
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


def _replace_closed(
    _dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    """A pooled connection the server has closed is replaced before anyone uses it.

    A restarting PostgreSQL closes its connections, and asyncpg notices as soon as the socket
    closes, even while the connection waits in the pool, so asking costs no round trip.
    SQLAlchemy's `pool_pre_ping` asks the server instead: a BEGIN, a query and a ROLLBACK,
    three round trips on every checkout. Raising DisconnectionError is the pool's documented
    way to discard a connection and take a fresh one.
    """
    if record.driver_connection is not None and record.driver_connection.is_closed():
        raise exc.DisconnectionError("the database server closed this connection")
