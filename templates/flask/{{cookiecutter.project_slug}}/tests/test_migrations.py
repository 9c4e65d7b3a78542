"""Migrations build the schema the models describe: nothing is left for autogenerate.

They run on the suite's own database (see conftest.py), so with TEST_DATABASE_URL naming a
PostgreSQL server they are checked on PostgreSQL.
"""

from collections.abc import Iterator

import pytest
from apiflask import APIFlask
from flask.testing import FlaskCliRunner
from sqlalchemy import MetaData, inspect

from app.extensions import db


def flask_db(runner: FlaskCliRunner, *args: str) -> None:
    result = runner.invoke(args=["db", *args])
    assert result.exit_code == 0, result.output


def table_names(app: APIFlask) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


@pytest.fixture
def empty_database(app: APIFlask, runner: FlaskCliRunner) -> Iterator[FlaskCliRunner]:
    """`flask` commands on the suite's database, emptied first: whatever the other tests created
    (tables, Alembic's version table) goes. The tests leave it migrated to head, which is the
    schema the other tests expect (that is what these tests check)."""
    with app.app_context():
        existing = MetaData()
        existing.reflect(db.engine)
        existing.drop_all(db.engine)
    yield runner
    # Connections that saw the tables dropped and made again are not reused.
    with app.app_context():
        db.engine.dispose()


def test_upgrade_from_empty_then_check_finds_nothing(empty_database: FlaskCliRunner) -> None:
    flask_db(empty_database, "upgrade")

    # `flask db check` exits non-zero when the models hold changes no migration makes.
    flask_db(empty_database, "check")


def test_downgrade_to_base_and_back(empty_database: FlaskCliRunner, app: APIFlask) -> None:
    flask_db(empty_database, "upgrade")
    flask_db(empty_database, "downgrade", "base")

    assert table_names(app) == {"alembic_version"}

    flask_db(empty_database, "upgrade")
    assert table_names(app) == {"alembic_version", *db.metadata.tables}
