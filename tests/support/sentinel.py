"""A row a test puts in a database it points a skeleton's suite at, to see it is still there after.

The suites must create their own test database next to the one named (as Django does), never
write to the named one: a developer points TEST_DATABASE_URL at the database they work with.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["TASKS_TABLE", "USERS_TABLE", "insert_task", "leftover_test_databases", "task_titles"]

# The sample resource's table in each skeleton (Django prefixes the app's label).
TASKS_TABLE = {"fastapi": "tasks", "flask": "tasks", "django": "tasks_task"}
USERS_TABLE = {"fastapi": "users", "flask": "users", "django": "users_user"}


def insert_task(url: str, framework: str, title: str, owner: str | None = None) -> None:
    """A task written with plain SQL into a migrated database; with users, owned by the user
    whose address is `owner` (made by the skeleton's own command: its columns differ)."""
    columns, placeholders = "title, done, created_at", "%s, %s, %s"
    values: tuple[object, ...] = (title, False, datetime.now(UTC))
    if owner is not None:
        columns += ", owner_id"
        placeholders += f", (SELECT id FROM {USERS_TABLE[framework]} WHERE email = %s)"
        values += (owner,)
    statement = f"INSERT INTO {TASKS_TABLE[framework]} ({columns}) VALUES ({placeholders})"
    if url.startswith("sqlite"):
        sqlite_values = (title, 0, datetime.now(UTC).isoformat(), *values[3:])
        with sqlite3.connect(_sqlite_path(url)) as connection:
            connection.execute(statement.replace("%s", "?"), sqlite_values)
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement, values)


def task_titles(url: str, framework: str) -> list[str]:
    query = f"SELECT title FROM {TASKS_TABLE[framework]} ORDER BY id"
    if url.startswith("sqlite"):
        with sqlite3.connect(_sqlite_path(url)) as connection:
            return [row[0] for row in connection.execute(query)]
    import psycopg

    with psycopg.connect(url) as connection:
        return [row[0] for row in connection.execute(query)]


def leftover_test_databases(url: str) -> list[str]:
    """What a suite pointed at `url` may have made and must have removed: `test_<name>`."""
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        return sorted(str(p) for p in path.parent.glob(f"test_{path.stem}*"))
    import psycopg

    name = url.rpartition("/")[2]
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (f"test_{name}%",)
        )
        return [row[0] for row in rows]


def _sqlite_path(url: str) -> Path:
    return Path(url.split(":///", 1)[1])
