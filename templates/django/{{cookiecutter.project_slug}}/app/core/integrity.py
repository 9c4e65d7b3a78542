"""What a database's integrity error says, read from the driver's own data (SQLSTATE and
diagnostics on PostgreSQL, the extended result code on SQLite) rather than its English: which
kind of rule a write broke, and the columns or the constraint it names. Never the values."""

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError

__all__ = ["CHECK", "FOREIGN_KEY", "NOT_NULL", "UNIQUE", "Violation", "violation_of"]

UNIQUE = "unique"
FOREIGN_KEY = "foreign key"
NOT_NULL = "not null"
CHECK = "check"
OTHER = "other"

# PostgreSQL's SQLSTATE codes of the integrity_constraint_violation class.
SQLSTATES = {"23505": UNIQUE, "23503": FOREIGN_KEY, "23502": NOT_NULL, "23514": CHECK}
# SQLite's extended result codes (Python's sqlite3 names them).
SQLITE_ERRORS = {
    "SQLITE_CONSTRAINT_UNIQUE": UNIQUE,
    "SQLITE_CONSTRAINT_PRIMARYKEY": UNIQUE,
    "SQLITE_CONSTRAINT_FOREIGNKEY": FOREIGN_KEY,
    "SQLITE_CONSTRAINT_NOTNULL": NOT_NULL,
    "SQLITE_CONSTRAINT_CHECK": CHECK,
}
# PostgreSQL's detail of a unique violation, `Key (a, b)=(...)`: the columns, not the values.
KEY_COLUMNS = re.compile(r"Key \((?P<columns>[^)]*)\)=")
# SQLite's message of a unique violation names `table.column` pairs, and no value.
SQLITE_UNIQUE = "UNIQUE constraint failed: "


@dataclass(frozen=True)
class Violation:
    """The rule a write broke: its kind (UNIQUE, FOREIGN_KEY, ...), the columns it names (of a
    unique violation, when the database says), and the constraint's or column's name."""

    kind: str
    columns: tuple[str, ...] = ()
    name: str = ""


def violation_of(error: IntegrityError) -> Violation:
    """What `error` (Django's, wrapping the driver's as its cause) says was broken."""
    cause: Any = error.__cause__
    if isinstance(cause, sqlite3.IntegrityError):
        return _sqlite(cause)
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:  # psycopg
        return _postgresql(sqlstate, cause.diag)
    return Violation(OTHER)


def _sqlite(cause: sqlite3.IntegrityError) -> Violation:
    kind = SQLITE_ERRORS.get(cause.sqlite_errorname, OTHER)
    message = str(cause)
    if kind == UNIQUE and message.startswith(SQLITE_UNIQUE):
        pairs = message.removeprefix(SQLITE_UNIQUE).split(", ")
        columns = tuple(pair.rpartition(".")[2] for pair in pairs)
        return Violation(kind, columns, ", ".join(columns))
    # `CHECK constraint failed: books_status_valid`, `NOT NULL constraint failed: t.c`
    _, _, name = message.partition("failed: ")
    return Violation(kind, name=name if kind in (CHECK, NOT_NULL) else "")


def _postgresql(sqlstate: str, diag: Any) -> Violation:
    kind = SQLSTATES.get(sqlstate, OTHER)
    columns: tuple[str, ...] = ()
    if kind == UNIQUE and (match := KEY_COLUMNS.match(diag.message_detail or "")):
        columns = tuple(column.strip() for column in match["columns"].split(","))
    name = diag.constraint_name or diag.column_name or ""
    return Violation(kind, columns, name)
