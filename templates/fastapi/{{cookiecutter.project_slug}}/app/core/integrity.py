"""What the database's integrity error was about, read from its driver's data.

Only names are read (the kind of rule, its constraint, its columns), never the values or the
SQL, which stay out of responses and logs alike.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.exc import IntegrityError

__all__ = ["Rule", "Violation", "violation_of"]


class Rule(StrEnum):
    """The kind of rule a change broke."""

    UNIQUE = "unique"
    FOREIGN_KEY = "foreign key"
    OTHER = "other"  # CHECK, NOT NULL, or one the driver does not say


@dataclass(frozen=True, slots=True)
class Violation:
    rule: Rule
    # The columns whose values another row has already (unique), when the driver says.
    columns: tuple[str, ...] = ()
    # The constraint's name, or the column of a NOT NULL, for the log; None when unknown.
    name: str | None = None


# PostgreSQL's SQLSTATE codes (asyncpg's `sqlstate`).
SQLSTATES = {"23505": Rule.UNIQUE, "23503": Rule.FOREIGN_KEY}
# Python's sqlite3 (`sqlite_errorname`). An `ON DELETE RESTRICT` refusal is reported as a
# trigger's, with the foreign key message.
SQLITE_ERRORS = {
    "SQLITE_CONSTRAINT_UNIQUE": Rule.UNIQUE,
    "SQLITE_CONSTRAINT_PRIMARYKEY": Rule.UNIQUE,
    "SQLITE_CONSTRAINT_FOREIGNKEY": Rule.FOREIGN_KEY,
}
SQLITE_RESTRICT = ("SQLITE_CONSTRAINT_TRIGGER", "FOREIGN KEY constraint failed")
# What SQLite's message says before the names: `UNIQUE constraint failed: books.isbn`.
SQLITE_NAMED = (
    "UNIQUE constraint failed: ",
    "CHECK constraint failed: ",
    "NOT NULL constraint failed: ",
)


def violation_of(error: IntegrityError) -> Violation:
    driver_error = error.orig
    sqlstate = getattr(driver_error, "sqlstate", None)
    if isinstance(sqlstate, str):
        # SQLAlchemy's asyncpg adapter keeps asyncpg's own error, which has the details, as the
        # cause.
        return _postgresql(sqlstate, getattr(driver_error, "__cause__", None))
    errorname = getattr(driver_error, "sqlite_errorname", None)
    if isinstance(errorname, str):
        return _sqlite(errorname, str(driver_error))
    return Violation(Rule.OTHER)


def _postgresql(sqlstate: str, details: object) -> Violation:
    rule = SQLSTATES.get(sqlstate, Rule.OTHER)
    name = getattr(details, "constraint_name", None) or getattr(details, "column_name", None)
    columns: tuple[str, ...] = ()
    # `Key (isbn)=(...) already exists.`: only the column list, never the values after it.
    detail = getattr(details, "detail", None)
    if rule is Rule.UNIQUE and isinstance(detail, str) and detail.startswith("Key ("):
        listed = detail.removeprefix("Key (").partition(")=")[0]
        columns = tuple(column.strip() for column in listed.split(","))
    return Violation(rule, columns, name if isinstance(name, str) else None)


def _sqlite(errorname: str, message: str) -> Violation:
    rule = SQLITE_ERRORS.get(errorname, Rule.OTHER)
    if (errorname, message) == SQLITE_RESTRICT:
        rule = Rule.FOREIGN_KEY
    prefix = next((prefix for prefix in SQLITE_NAMED if message.startswith(prefix)), None)
    if prefix is None:
        return Violation(rule)
    # `table.column, table.column` (UNIQUE, NOT NULL) or a constraint's name (CHECK).
    names = tuple(name.rpartition(".")[2] for name in message.removeprefix(prefix).split(", "))
    return Violation(rule, names if rule is Rule.UNIQUE else (), ", ".join(names))
