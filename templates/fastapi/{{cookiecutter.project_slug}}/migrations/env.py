"""Alembic runs migrations through the app's async engine and settings."""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from app.core.config import get_settings
from app.core.database import create_engine
from app.models import Base

config = context.config
target_metadata = Base.metadata

# alembic.ini's [logger_*] sections: each step as an INFO line ("Running upgrade 0001 -> 0002").
# Loggers the app created on import stay on. Tests running Alembic in-process keep theirs.
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    # Tests point Alembic at their own database; everyone else gets DATABASE_URL.
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline(url: str) -> None:
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    # Batch mode lets ALTER-style migrations work on SQLite too.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online(url: str) -> None:
    # Migrations run on one connection.
    engine = create_engine(url, pool_size=1)
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


# Settings are read before any event loop starts, so that missing ones stop Alembic with the
# one line get_settings() gives.
if context.is_offline_mode():
    run_migrations_offline(database_url())
else:
    asyncio.run(run_migrations_online(database_url()))
