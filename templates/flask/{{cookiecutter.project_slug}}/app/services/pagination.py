"""A page of a list and its total, in one round trip to the database.

Lists are read with SQLAlchemy Core selects of a table's columns: a list has no use for the
ORM's identity map and unit of work, only for rows, which the response model validates as they
come (writes keep the ORM). The page's query carries its total as an uncorrelated scalar
subquery, `(SELECT count(*) FROM ... WHERE <the same filters>) AS _total`, which SQLite and
PostgreSQL evaluate once per query, not once per row. The count is the list's own statement
with its columns swapped for `count(*)` and its ORDER BY dropped: an ordered subquery would make
the database sort every row only to count them. Every value is a bound parameter, so each
shape of statement is compiled once per process and found in SQLAlchemy's cache after that.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any

from sqlalchemy import Connection, RowMapping, Select, func

from app.extensions import db

__all__ = ["MAX_OFFSET", "PageOfRows", "paginate"]

# The largest OFFSET a database accepts (a signed 64-bit integer); no table holds that many rows.
MAX_OFFSET = 2**63 - 1
# The total's column: no field of a resource can have its name, which starts with a letter.
TOTAL = "_total"


@dataclass(frozen=True, slots=True)
class PageOfRows:
    """One page of rows and where it stands: the API's page envelope (app.schemas.page), read
    by its response model. Each row is its columns by name (a row's attributes would include
    the methods of a tuple), with the total as TOTAL, which the items' model ignores."""

    items: Sequence[RowMapping]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return ceil(self.total / self.per_page)


def paginate(statement: Select[Any], *, page: int, per_page: int) -> PageOfRows:
    """One page of `statement`, an ordered Core select; a page past the end is empty, never an
    error."""
    counted = _count(statement)
    offset = (page - 1) * per_page
    if offset > MAX_OFFSET:
        # Asking the database for such an OFFSET would be an error: count, and answer an empty
        # page.
        return PageOfRows([], page, per_page, _scalar(counted))
    total = counted.scalar_subquery().correlate(None).label(TOTAL)
    rows = _connection().execute(statement.add_columns(total).limit(per_page).offset(offset))
    items = rows.mappings().all()
    if items:
        return PageOfRows(items, page, per_page, items[0][TOTAL])
    # No row, so no total came with them: on page 1 there is none to count; past the end the
    # rows before this page still count, which takes a second query (for such a page only).
    return PageOfRows([], page, per_page, _scalar(counted) if page > 1 else 0)


def _count(statement: Select[Any]) -> Select[int]:
    """`SELECT count(*)` of the rows `statement` selects: its FROM and WHERE, without ORDER BY.
    The FROM is kept from the columns explicitly: a statement without a WHERE would otherwise
    count from nothing."""
    return statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)


def _scalar(statement: Select[int]) -> int:
    return _connection().execute(statement).scalar_one()


def _connection() -> Connection:
    # The request's session connection and transaction (the token check may have begun it),
    # without the ORM's execution layer, which a Core select of columns has no use for.
    return db.session.connection()
