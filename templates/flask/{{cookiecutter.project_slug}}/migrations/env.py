"""Alembic, run by Flask-Migrate (`flask db ...`) inside the app: its engine, models and logging."""

import logging
from typing import Any

from alembic import context
from flask import current_app

from app.models import Base

config = context.config
target_metadata = Base.metadata
migrate = current_app.extensions["migrate"]
logger = logging.getLogger("alembic.env")


def run_migrations_offline() -> None:
    """`flask db upgrade --sql`: print the SQL instead of running it."""
    # The SQL goes to stdout, where the app logs too: keep Alembic's progress lines out of it.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    context.configure(
        url=migrate.db.engine.url,
        target_metadata=target_metadata,
        literal_binds=True,
        **migrate.configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def skip_empty_revision(_context: Any, _revision: Any, directives: list[Any]) -> None:
    # `flask db migrate` with nothing to change writes no empty revision file.
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_online() -> None:
    # Flask-Migrate's arguments: compare_type, and render_as_batch so ALTERs work on SQLite too.
    arguments = {"process_revision_directives": skip_empty_revision, **migrate.configure_args}
    with migrate.db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **arguments)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
