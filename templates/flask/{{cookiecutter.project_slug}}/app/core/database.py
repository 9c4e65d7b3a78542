"""Engine tuning Flask-SQLAlchemy's configuration cannot express."""

from typing import Any

from sqlalchemy import Engine, event

__all__ = ["tune_engine"]


def tune_engine(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Several gunicorn workers share one file: WAL lets readers run beside a writer, and the
    # busy timeout makes a writer wait for the lock instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
