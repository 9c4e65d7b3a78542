"""Migrations build the schema the models describe: nothing is left for autogenerate."""

from collections.abc import Callable
from pathlib import Path

import pytest
from apiflask import APIFlask
from flask.testing import FlaskCliRunner
from sqlalchemy import create_engine, inspect

from app.extensions import db


@pytest.fixture
def migrated_db(tmp_path: Path) -> Path:
    return tmp_path / "migrated.db"


@pytest.fixture
def db_runner(make_app: Callable[..., APIFlask], migrated_db: Path) -> FlaskCliRunner:
    """`flask` commands against an empty SQLite database of the test's own."""
    return make_app(database_url=f"sqlite:///{migrated_db}").test_cli_runner()


def flask_db(runner: FlaskCliRunner, *args: str) -> None:
    result = runner.invoke(args=["db", *args])
    assert result.exit_code == 0, result.output


def table_names(path: Path) -> list[str]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_upgrade_from_empty_then_check_finds_nothing(db_runner: FlaskCliRunner) -> None:
    flask_db(db_runner, "upgrade")

    # `flask db check` exits non-zero when the models hold changes no migration makes.
    flask_db(db_runner, "check")


def test_downgrade_to_base_and_back(db_runner: FlaskCliRunner, migrated_db: Path) -> None:
    flask_db(db_runner, "upgrade")
    flask_db(db_runner, "downgrade", "base")

    assert table_names(migrated_db) == ["alembic_version"]

    flask_db(db_runner, "upgrade")
    assert set(table_names(migrated_db)) == {"alembic_version", *db.metadata.tables}
    assert "tasks" in db.metadata.tables
