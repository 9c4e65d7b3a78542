"""The declarative base, Flask-SQLAlchemy's `db` built on it, and the column types models share."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, DateTime, Integer, MetaData, Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = [
    "MAX_ID",
    "SHORT_TEXT_MAX_LENGTH",
    "Base",
    "ExactDecimal",
    "IdType",
    "UTCDateTime",
    "db",
    "utcnow",
]

# SQLite only auto-increments INTEGER PRIMARY KEY; elsewhere ids are 64-bit.
IdType = BigInteger().with_variant(Integer(), "sqlite")
MAX_ID = 2**63 - 1
# The longest short text (a title, a name): its column is a VARCHAR of this length.
SHORT_TEXT_MAX_LENGTH = 200

# Named constraints make migrations reproducible across databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite too (which would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # SQLite hands back what was stored, in UTC but naive; PostgreSQL, an aware datetime in
        # the session's time zone, which need not be UTC.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ExactDecimal(TypeDecorator[Decimal]):
    """Exact amounts with 2 decimals: NUMERIC(18, 2). SQLite would round a NUMERIC through a
    64-bit float, which keeps 15 digits of the 18, so there the column holds the digits as text."""

    impl = Numeric(18, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(20))  # "-9999999999999999.99"
        return dialect.type_descriptor(Numeric(18, 2))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Decimal | str | None:
        if value is None or dialect.name != "sqlite":
            return value
        return f"{value:.2f}"

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return Decimal(value) if value is not None else None


class Base(DeclarativeBase):
    """What models subclass. Flask-SQLAlchemy's `db` is built on it and shares its metadata and
    registry, so `db.session`, `db.create_all()` and Alembic all see every model's table; unlike
    `db.Model`, a class made at run time, Base is one type checkers know."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Objects stay readable after commit: responses are built from them once the work is done.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
