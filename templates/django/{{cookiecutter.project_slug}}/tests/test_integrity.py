"""What a write the database refuses answers (app.api.errors, app.core.integrity): a 409
problem naming the rule, never a 500, a value or the driver's message. Each kind of violation
is made for real, on the suite's database with its own driver, in tables of the test's own."""

import logging

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import RequestFactory

from app.api.errors import exception_handler, problem_for
from app.core.exceptions import ReferenceNotFoundError
from tests.conftest import assert_problem, body_of

SECRET = "a value nobody may read back"


@pytest.fixture
def tables() -> None:
    """`parents` and `children` (a foreign key, a unique pair, a CHECK and a NOT NULL), made
    for the test: its transaction takes them away again. The key is checked at once, as a
    deferred one would only be at a commit the test never makes."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE parents (id INTEGER PRIMARY KEY, code VARCHAR(40) UNIQUE)")
        cursor.execute(
            "CREATE TABLE children (id INTEGER PRIMARY KEY,"
            " parent_id INTEGER REFERENCES parents (id), a INTEGER, b INTEGER,"
            " size INTEGER NOT NULL CONSTRAINT children_size_valid CHECK (size > 0),"
            " UNIQUE (a, b))"
        )
        cursor.execute(f"INSERT INTO parents (id, code) VALUES (1, '{SECRET}')")  # noqa: S608
        cursor.execute("INSERT INTO children (id, parent_id, a, b, size) VALUES (1, 1, 1, 1, 1)")


def refused(sql: str) -> IntegrityError:
    """The error the database answers `sql` with, its transaction rolled back (a savepoint)."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    return caught.value


@pytest.mark.usefixtures("tables")
@pytest.mark.parametrize(
    ("method", "sql", "detail"),
    [
        (
            "POST",
            f"INSERT INTO parents (id, code) VALUES (2, '{SECRET}')",  # noqa: S608
            "Another row already has this code.",
        ),
        (
            "PUT",
            "INSERT INTO children (id, a, b, size) VALUES (2, 1, 1, 1)",
            "Another row already has these a, b.",
        ),
        (
            "PATCH",
            "INSERT INTO children (id, parent_id, size) VALUES (2, 99, 1)",
            "It refers to a row that does not exist.",
        ),
        (
            "DELETE",
            "DELETE FROM parents WHERE id = 1",
            "Other rows refer to it; delete or change them first.",
        ),
        (
            "POST",
            "INSERT INTO children (id, size) VALUES (2, 0)",
            "It conflicts with a rule of the database.",
        ),
        (
            "POST",
            "INSERT INTO children (id, size) VALUES (2, NULL)",
            "It conflicts with a rule of the database.",
        ),
    ],
    ids=["unique", "unique-pair", "foreign-key", "foreign-key-on-delete", "check", "not-null"],
)
def test_a_violation_is_a_409_naming_the_rule_only(
    method: str, sql: str, detail: str, caplog: pytest.LogCaptureFixture
) -> None:
    error = refused(sql)
    request = RequestFactory().generic(method, "/api/things")

    with caplog.at_level(logging.WARNING, logger="app.api.errors"):
        response = exception_handler(error, {"view": None, "request": request})

    assert body_of(response)["detail"] == detail
    assert_problem(response, 409)
    assert SECRET not in response.content.decode()
    assert caplog.messages
    assert not any(SECRET in message for message in caplog.messages)


def test_an_error_of_unknown_origin_is_still_a_409() -> None:
    response = problem_for(IntegrityError("no driver's error behind it"), method="POST")

    assert response is not None
    assert body_of(response)["detail"] == "It conflicts with a rule of the database."


def test_a_protected_row_is_a_409() -> None:
    response = problem_for(ProtectedError("protected", set()), method="DELETE")

    assert response is not None
    problem = assert_problem(response, 409)
    assert problem["detail"] == "Other rows refer to it; delete or change them first."


def test_a_reference_to_no_row_is_a_422_pointing_at_each() -> None:
    error = ReferenceNotFoundError({"author_id": "author", "editor_id": "author"})

    response = problem_for(error)

    assert response is not None
    assert assert_problem(response, 422)["errors"] == [
        {"pointer": "#/author_id", "detail": "There is no author with this id"},
        {"pointer": "#/editor_id", "detail": "There is no author with this id"},
    ]


def test_foreign_keys_are_enforced() -> None:
    """PostgreSQL always does; SQLite only on connections that ask, as Django's do."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone() == (1,)
    else:
        assert connection.vendor == "postgresql"
