"""Migrations build the schema the models describe: nothing is left for makemigrations."""

import pytest
from django.core.management import call_command
from django.db import connection


def test_migrate_from_empty_then_check_finds_nothing() -> None:
    """pytest-django built the test database by migrating an empty one; nothing is left over."""
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit:  # pragma: no cover - the failure's message
        pytest.fail("models and migrations disagree: run `python manage.py makemigrations`")


@pytest.mark.django_db(transaction=True)
def test_migrate_to_zero_and_back() -> None:
    call_command("migrate", "tasks", "zero", verbosity=0)
    assert "tasks_task" not in connection.introspection.table_names()

    call_command("migrate", "tasks", verbosity=0)
    assert "tasks_task" in connection.introspection.table_names()
