"""The engine's connection pool: fixed on PostgreSQL, so connections are not churned under load."""

import pytest

from app.core.database import POOL_SIZE, pool_options


@pytest.mark.parametrize(
    "url", ["postgresql+asyncpg://app:secret@db.example/app", "postgresql://localhost/app"]
)
def test_a_postgresql_worker_keeps_a_fixed_pool_without_overflow(url: str) -> None:
    # An overflow connection would be closed as soon as it was returned, and opened again.
    assert pool_options(url) == {"pool_size": POOL_SIZE, "max_overflow": 0}


def test_sqlite_keeps_the_pool_sqlalchemy_picks_for_it() -> None:
    assert pool_options("sqlite+aiosqlite:///app.db") == {}
