"""What a database refused, read from its driver's error: which kind of rule, and on what.

SQLAlchemy's IntegrityError wraps the driver's own exception, which says which constraint
failed in data that does not depend on the message's wording: PostgreSQL's SQLSTATE and
diagnostics (psycopg), SQLite's extended result code (sqlite3). Only names are read from it,
never the values the row held.
"""

import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Violation", "violation"]

Kind = Literal["unique", "foreign_key", "check", "not_null", "other"]

SQLSTATES: dict[str, Kind] = {
    "23505": "unique",
    "23503": "foreign_key",
    "23514": "check",
    "23502": "not_null",
}
SQLITE_ERRORS: dict[str, Kind] = {
    "SQLITE_CONSTRAINT_UNIQUE": "unique",
    "SQLITE_CONSTRAINT_PRIMARYKEY": "unique",
    "SQLITE_CONSTRAINT_FOREIGNKEY": "foreign_key",
    "SQLITE_CONSTRAINT_CHECK": "check",
    "SQLITE_CONSTRAINT_NOTNULL": "not_null",
}
# What SQLite's message says before the `table.column` list of a unique constraint.
SQLITE_UNIQUE = "UNIQUE constraint failed: "
# SQLite enforces ON DELETE RESTRICT by a trigger of its own, and reports it as one: only the
# message tells it from a trigger a migration wrote.
SQLITE_TRIGGER = "SQLITE_CONSTRAINT_TRIGGER"
SQLITE_FOREIGN_KEY = "FOREIGN KEY constraint failed"


@dataclass(frozen=True)
class Violation:
    """The kind of rule broken; the columns of a unique constraint (when known), or the name
    of the constraint or column otherwise."""

    kind: Kind
    columns: tuple[str, ...] = ()
    name: str | None = None


def violation(error: object) -> Violation:
    """What `error`, the driver's exception (`IntegrityError.orig`), says was broken."""
    if isinstance(error, sqlite3.Error):
        return _sqlite(error)
    # psycopg's errors carry `sqlstate` and `diag` (psycopg is installed with PostgreSQL only).
    if isinstance(getattr(error, "sqlstate", None), str) and hasattr(error, "diag"):
        return _postgresql(error)
    return Violation("other")


def _postgresql(error: Any) -> Violation:
    kind = SQLSTATES.get(error.sqlstate, "other")
    diag = error.diag
    columns: tuple[str, ...] = ()
    # "Key (isbn)=(...) already exists.": only the column list, never the values.
    detail = diag.message_detail or ""
    if kind == "unique" and detail.startswith("Key (") and ")=(" in detail:
        listed = detail.removeprefix("Key (").split(")=(", 1)[0]
        columns = tuple(column.strip().strip('"') for column in listed.split(","))
    return Violation(kind, columns, diag.constraint_name or diag.column_name)


def _sqlite(error: sqlite3.Error) -> Violation:
    code = getattr(error, "sqlite_errorname", "")
    kind = SQLITE_ERRORS.get(code, "other")
    columns: tuple[str, ...] = ()
    message = str(error.args[0]) if error.args else ""
    if code == SQLITE_TRIGGER and message == SQLITE_FOREIGN_KEY:
        kind = "foreign_key"
    if kind == "unique" and message.startswith(SQLITE_UNIQUE):
        listed = message.removeprefix(SQLITE_UNIQUE).split(",")
        columns = tuple(column.strip().rpartition(".")[2] for column in listed)
        return Violation(kind, columns)
    # "CHECK constraint failed: ck_books_status_valid", "NOT NULL constraint failed: books.x".
    return Violation(kind, name=message.partition(": ")[2] or None)
