"""Migrations build the schema the models describe, on the test database the suite uses (an
in-memory SQLite, or TEST_DATABASE_URL's server): nothing is left for makemigrations, and
every app's migrations go all the way down and up again, whichever apps the project has."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def test_migrate_from_empty_then_check_finds_nothing() -> None:
    """pytest-django built the test database by migrating an empty one; nothing is left over."""
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit:  # pragma: no cover - the failure's message
        pytest.fail("models and migrations disagree: run `python manage.py makemigrations`")


@pytest.mark.django_db(transaction=True)
def test_every_app_migrates_to_zero_and_back() -> None:
    # The project's own apps (app.*) that have migrations; a removed resource's app among
    # them: it keeps its migrations, the last of which drops its table.
    own = [config for config in apps.get_app_configs() if config.name.startswith("app.")]
    migrated = MigrationLoader(connection).migrated_apps
    labels = [config.label for config in own if config.label in migrated]
    models = [model for config in own for model in config.get_models(include_auto_created=True)]
    tables = {model._meta.db_table for model in models}
    assert tables <= set(connection.introspection.table_names())

    for label in labels:
        call_command("migrate", label, "zero", verbosity=0)
    assert not tables & set(connection.introspection.table_names())

    call_command("migrate", verbosity=0)
    assert tables <= set(connection.introspection.table_names())
