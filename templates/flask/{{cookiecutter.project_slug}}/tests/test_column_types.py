"""The column types models share (app/models/base.py), on the suite's database: what goes in
comes back as it was, whichever database that is."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from apiflask import APIFlask
from sqlalchemy import Column, Connection, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError

from app.extensions import db
from app.models.base import ExactDecimal, UTCDateTime

metadata = MetaData()
samples = Table(
    "column_type_samples",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("amount", ExactDecimal),
    Column("moment", UTCDateTime),
)


@pytest.fixture
def connection(app: APIFlask) -> Iterator[Connection]:
    """A table of the test's own, dropped again after it."""
    with app.app_context():
        metadata.create_all(db.engine)
        try:
            with db.engine.connect() as connection:
                yield connection
        finally:
            metadata.drop_all(db.engine)


def stored(connection: Connection, **values: object) -> tuple[object, object]:
    connection.execute(insert(samples).values(id=1, **values))
    row = connection.execute(select(samples.c.amount, samples.c.moment)).one()
    return row.amount, row.moment


@pytest.mark.parametrize(
    "amount",
    [Decimal("-9999999999999999.99"), Decimal("1234567890123456.78"), Decimal("0.10"), None],
)
def test_exact_decimals_keep_every_digit(connection: Connection, amount: Decimal | None) -> None:
    assert stored(connection, amount=amount)[0] == amount


def test_date_times_come_back_aware_and_in_utc(connection: Connection) -> None:
    written = datetime(2026, 11, 21, 10, 30, 0, 250000, tzinfo=timezone(timedelta(hours=1)))

    _, moment = stored(connection, moment=written)

    assert moment == written
    assert getattr(moment, "tzinfo", None) == UTC


def test_a_date_time_without_an_offset_is_refused(connection: Connection) -> None:
    with pytest.raises(StatementError, match="aware datetime"):
        stored(connection, moment=datetime(2026, 11, 21, 9, 30))


def test_no_date_time_is_none(connection: Connection) -> None:
    assert stored(connection, moment=None) == (None, None)
