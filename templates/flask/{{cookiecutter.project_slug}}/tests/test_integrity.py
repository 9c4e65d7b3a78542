"""A row the database refuses is a 409 problem naming the rule, whatever the resource: read from
the real driver's error of the suite's database, never from its English, never showing a value."""

import logging
import sqlite3
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
from apiflask import APIFlask
from flask import Response, request
from flask.testing import FlaskClient
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    delete,
    insert,
)
from sqlalchemy.exc import IntegrityError

from app.api.errors import integrity_detail
from app.core.integrity import Violation, violation
from app.extensions import db
from tests.test_validation import assert_problem

# Tables of the tests' own, beside the app's: every kind of constraint a resource may have.
metadata = MetaData()
parents = Table(
    "integrity_parents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(50), nullable=False, unique=True),
    Column("size", Integer, CheckConstraint("size > 0", name="ck_integrity_parents_size")),
    Column("left_part", Integer),
    Column("right_part", Integer),
    UniqueConstraint("left_part", "right_part", name="uq_integrity_parents_parts"),
)
children = Table(
    "integrity_children",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("parent_id", ForeignKey("integrity_parents.id", ondelete="RESTRICT"), nullable=False),
)
SECRET_VALUE = "value-nobody-may-read"
REFERRED_TO = "Other rows refer to it; delete or change them first."
PATH = "/integrity-probe"


@pytest.fixture
def probe_app(make_app: Callable[..., APIFlask]) -> Iterator[APIFlask]:
    """An app with the tables above, and a route writing what a test asks it to."""
    app = make_app()

    def probe() -> Response:
        if request.method == "DELETE":
            db.session.execute(delete(parents))
        else:
            db.session.execute(insert(parents), request.get_json())
        db.session.commit()
        return Response(status=204)

    app.add_url_rule(PATH, view_func=probe, methods=["POST", "DELETE"])
    with app.app_context():
        metadata.create_all(db.engine)
    yield app
    with app.app_context():
        metadata.drop_all(db.engine)


@pytest.fixture
def probe(probe_app: APIFlask) -> FlaskClient:
    return probe_app.test_client()


def write(*rows: tuple[Table, dict[str, object]]) -> None:
    for table, row in rows:
        db.session.execute(insert(table), row)
    db.session.commit()


def refused(app: APIFlask, *rows: tuple[Table, dict[str, object]]) -> Violation:
    """The violation the driver reports when the rows are written, in order."""
    with app.app_context():
        with pytest.raises(IntegrityError) as raised:
            write(*rows)
        db.session.rollback()
    # The driver's own error: psycopg's or sqlite3's.
    assert hasattr(raised.value.orig, "sqlstate") or isinstance(raised.value.orig, sqlite3.Error)
    return violation(raised.value.orig)


def test_a_taken_unique_value_names_its_column(probe_app: APIFlask) -> None:
    row = {"id": 1, "code": SECRET_VALUE, "size": 1}
    broken = refused(probe_app, (parents, row), (parents, {**row, "id": 2}))

    assert (broken.kind, broken.columns) == ("unique", ("code",))


def test_a_taken_pair_names_both_columns(probe_app: APIFlask) -> None:
    row = {"code": "a", "left_part": 1, "right_part": 2}
    broken = refused(probe_app, (parents, row), (parents, {**row, "code": "b"}))

    assert (broken.kind, broken.columns) == ("unique", ("left_part", "right_part"))


def test_a_taken_id_is_unique_too(probe_app: APIFlask) -> None:
    row = {"id": 1, "code": "a"}
    broken = refused(probe_app, (parents, row), (parents, {**row, "code": "b"}))

    assert (broken.kind, broken.columns) == ("unique", ("id",))


def test_a_missing_row_is_a_foreign_key_violation(probe_app: APIFlask) -> None:
    assert refused(probe_app, (children, {"parent_id": 99})).kind == "foreign_key"


def test_a_check_and_a_not_null_are_told_apart(probe_app: APIFlask) -> None:
    assert refused(probe_app, (parents, {"code": "a", "size": 0})).kind == "check"
    assert refused(probe_app, (parents, {"code": None})).kind == "not_null"


def test_another_error_is_some_other_rule() -> None:
    assert violation(ValueError("x")) == Violation("other")
    assert violation(None) == Violation("other")


@pytest.mark.parametrize(
    ("broken", "method", "detail"),
    [
        (Violation("unique", ("isbn",)), "POST", "Another row already has this isbn."),
        (Violation("unique", ("a", "b")), "PUT", "Another row already has these a, b."),
        (Violation("unique"), "PATCH", "Another row already has these values."),
        (Violation("foreign_key"), "DELETE", REFERRED_TO),
        (Violation("foreign_key"), "POST", "It refers to a row that does not exist."),
        (Violation("check", name="ck_x"), "POST", "It conflicts with a rule of the database."),
        (Violation("not_null", name="x"), "PUT", "It conflicts with a rule of the database."),
        (Violation("other"), "POST", "It conflicts with a rule of the database."),
    ],
)
def test_each_violation_is_told_in_words_of_its_own(
    broken: Violation, method: str, detail: str
) -> None:
    assert integrity_detail(broken, method) == detail


def test_a_request_writing_a_taken_value_is_409(
    probe: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    assert probe.post(PATH, json={"code": SECRET_VALUE}).status_code == 204

    with caplog.at_level(logging.WARNING):
        response = probe.post(PATH, json={"code": SECRET_VALUE})

    problem = assert_problem(response, 409)
    assert problem["detail"] == "Another row already has this code."
    assert "code" in caplog.text
    assert SECRET_VALUE not in caplog.text
    assert SECRET_VALUE not in response.text


def test_a_request_deleting_a_row_referred_to_is_409(
    probe: FlaskClient, probe_app: APIFlask
) -> None:
    with probe_app.app_context():
        parent = db.session.execute(insert(parents).returning(parents.c.id), {"code": "a"})
        db.session.execute(insert(children), {"parent_id": parent.scalar_one()})
        db.session.commit()

    response = probe.delete(PATH)

    assert assert_problem(response, 409)["detail"] == REFERRED_TO
    # The session was rolled back: the next request works.
    assert probe.post(PATH, json={"code": "b"}).status_code == 204


def test_each_drivers_error_is_read_without_its_database() -> None:
    # The suite runs on one database; what the other's driver says is read the same way.
    diag = SimpleNamespace(
        message_detail='Key (isbn, "Title")=(x, y) already exists.',
        constraint_name="uq_books_isbn",
        column_name=None,
    )
    taken = SimpleNamespace(sqlstate="23505", diag=diag)
    assert violation(taken) == Violation("unique", ("isbn", "Title"), "uq_books_isbn")
    diag = SimpleNamespace(message_detail=None, constraint_name=None, column_name="title")
    not_null = SimpleNamespace(sqlstate="23502", diag=diag)
    assert violation(not_null) == Violation("not_null", name="title")
    unique = sqlite3.IntegrityError("UNIQUE constraint failed: books.isbn, books.title")
    unique.sqlite_errorname = "SQLITE_CONSTRAINT_UNIQUE"
    assert violation(unique) == Violation("unique", ("isbn", "title"))
    restricted = sqlite3.IntegrityError("FOREIGN KEY constraint failed")
    restricted.sqlite_errorname = "SQLITE_CONSTRAINT_TRIGGER"
    assert violation(restricted) == Violation("foreign_key")
    check = sqlite3.IntegrityError("CHECK constraint failed: ck_books_status_valid")
    check.sqlite_errorname = "SQLITE_CONSTRAINT_CHECK"
    assert violation(check) == Violation("check", name="ck_books_status_valid")
