"""A change the database refuses is a 409 problem, whichever request made it: the real driver's
errors, raised on the suite's database, through the app's error handlers. The answer and the log
name the rule, never a value."""

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable

from app.api.errors import register_error_handlers
from app.core.integrity import Rule, Violation, violation_of
from tests.test_validation import assert_problem

# Tables of the test's own, apart from the models' tables.
metadata = MetaData()
parents = Table(
    "integrity_parents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), unique=True),
    Column("first", Integer),
    Column("second", Integer),
    Column("positive", Integer, CheckConstraint("positive > 0", name="ck_positive")),
    Column("required", Integer, nullable=False, server_default="1"),
    UniqueConstraint("first", "second"),
)
children = Table(
    "integrity_children",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("parent_id", Integer, ForeignKey("integrity_parents.id", ondelete="RESTRICT")),
)
# A value no answer and no log line may show.
SECRET = "secret-value-4711"


@pytest.fixture
async def connection(app: FastAPI) -> AsyncIterator[AsyncConnection]:
    """A parent row (with SECRET) and its child, in tables dropped afterwards."""
    async with app.state.engine.connect() as connection:
        await connection.run_sync(metadata.create_all)
        await connection.execute(
            parents.insert(), {"id": 1, "code": SECRET, "first": 1, "second": 2, "positive": 1}
        )
        await connection.execute(children.insert(), {"id": 1, "parent_id": 1})
        await connection.commit()
        try:
            yield connection
        finally:
            await connection.rollback()
            await connection.run_sync(metadata.drop_all)
            await connection.commit()


async def answer(error: IntegrityError, method: str) -> httpx.Response:
    """The app's answer to a request during which `error` was raised."""
    app = FastAPI()
    register_error_handlers(app)

    @app.api_route("/change", methods=[method])
    async def change() -> None:
        raise error

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.request(method, "/change")


@pytest.mark.parametrize(
    ("statement", "method", "detail"),
    [
        pytest.param(
            parents.insert().values(id=2, code=SECRET),
            "POST",
            "Another row already has this code.",
            id="unique",
        ),
        pytest.param(
            parents.insert().values(id=2, first=1, second=2),
            "PUT",
            "Another row already has these first, second.",
            id="unique-together",
        ),
        pytest.param(
            children.insert().values(id=2, parent_id=99),
            "POST",
            "It refers to a row that does not exist.",
            id="foreign-key",
        ),
        pytest.param(
            parents.delete().where(parents.c.id == 1),
            "DELETE",
            "Other rows refer to it; delete or change them first.",
            id="still-referred-to",
        ),
        pytest.param(
            parents.insert().values(id=2, positive=-1),
            "PATCH",
            "It conflicts with a rule of the database.",
            id="check",
        ),
        pytest.param(
            parents.insert().values(id=2, required=None),
            "POST",
            "It conflicts with a rule of the database.",
            id="not-null",
        ),
    ],
)
async def test_a_refused_change_is_a_409_naming_no_value(
    connection: AsyncConnection,
    caplog: pytest.LogCaptureFixture,
    statement: Executable,
    method: str,
    detail: str,
) -> None:
    with pytest.raises(IntegrityError) as raised:
        await connection.execute(statement)
    await connection.rollback()

    with caplog.at_level(logging.WARNING, logger="app.api.errors"):
        response = await answer(raised.value, method)

    assert assert_problem(response, 409)["detail"] == detail
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert SECRET not in response.text
    assert SECRET not in caplog.text


class DriverError(Exception):
    """A driver's error as SQLAlchemy hands it on, with the attributes given."""

    def __init__(self, message: str = "", *, cause: Exception | None = None, **attributes: Any):
        super().__init__(message)
        self.__cause__ = cause
        self.__dict__.update(attributes)


def refused(driver_error: Exception) -> IntegrityError:
    return IntegrityError("INSERT ...", {}, driver_error)


# Each driver's errors, whichever database the suite runs on: asyncpg's keeps its details on
# the cause SQLAlchemy's adapter was raised from; sqlite3's says them in its message.
@pytest.mark.parametrize(
    ("driver_error", "violation"),
    [
        pytest.param(
            DriverError(
                sqlstate="23505",
                cause=DriverError(
                    constraint_name="uq_books_isbn", detail=f"Key (isbn)=({SECRET}) already exists."
                ),
            ),
            Violation(Rule.UNIQUE, ("isbn",), "uq_books_isbn"),
            id="postgresql-unique",
        ),
        pytest.param(
            DriverError(
                sqlstate="23505",
                cause=DriverError(constraint_name="uq_pairs", detail="Key (a, b)=(1, 2) exists."),
            ),
            Violation(Rule.UNIQUE, ("a", "b"), "uq_pairs"),
            id="postgresql-unique-together",
        ),
        pytest.param(
            DriverError(sqlstate="23503", cause=DriverError(constraint_name="fk_books_author")),
            Violation(Rule.FOREIGN_KEY, (), "fk_books_author"),
            id="postgresql-foreign-key",
        ),
        pytest.param(
            DriverError(sqlstate="23502", cause=DriverError(column_name="title")),
            Violation(Rule.OTHER, (), "title"),
            id="postgresql-not-null",
        ),
        pytest.param(
            DriverError(sqlstate="23514"),
            Violation(Rule.OTHER),
            id="postgresql-without-details",
        ),
        pytest.param(
            DriverError(
                "UNIQUE constraint failed: books.isbn", sqlite_errorname="SQLITE_CONSTRAINT_UNIQUE"
            ),
            Violation(Rule.UNIQUE, ("isbn",), "isbn"),
            id="sqlite-unique",
        ),
        pytest.param(
            DriverError(
                "FOREIGN KEY constraint failed", sqlite_errorname="SQLITE_CONSTRAINT_TRIGGER"
            ),
            Violation(Rule.FOREIGN_KEY),
            id="sqlite-restricted",
        ),
        pytest.param(
            DriverError(
                "CHECK constraint failed: ck_books_status_valid",
                sqlite_errorname="SQLITE_CONSTRAINT_CHECK",
            ),
            Violation(Rule.OTHER, (), "ck_books_status_valid"),
            id="sqlite-check",
        ),
        pytest.param(DriverError("constraint failed"), Violation(Rule.OTHER), id="unknown-driver"),
    ],
)
def test_the_violation_is_read_from_the_drivers_data(
    driver_error: Exception, violation: Violation
) -> None:
    assert violation_of(refused(driver_error)) == violation


async def test_a_unique_violation_naming_no_column_says_values() -> None:
    response = await answer(refused(DriverError(sqlstate="23505")), "POST")

    assert assert_problem(response, 409)["detail"] == "Another row already has these values."
