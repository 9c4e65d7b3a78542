"""Pages of a list, read as plain rows: no ORM objects to build, track and throw away.

Lists are Core selects of a table's columns (`select(Task.__table__)`), and routes validate
each row's mapping (column name to value) straight into the response model. The mapping, not
the Row: a Row is a tuple, whose attributes (`count`, `index`, `t`) a field could be called
after. Writes and single rows keep the ORM.
"""

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import RowMapping, Select, func
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.base import MAX_ID

__all__ = ["Paginated", "paginate"]

T = TypeVar("T")
# The label of the total each row of a page carries; no field can be called so.
TOTAL = "_total"


@dataclass(frozen=True, slots=True)
class Paginated(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page)


async def paginate(
    session: AsyncSession, statement: Select[Any], *, page: int, per_page: int
) -> Paginated[RowMapping]:
    """One page of an ordered Core select, and the number of rows on every page, in one round
    trip; a page past the end is empty, never an error.

    The total is an uncorrelated scalar subquery beside the page's columns, which SQLite and
    PostgreSQL evaluate once per statement. Its count keeps the filters but not the ORDER BY,
    which would make the database sort every row only to count them. Every value is a bound
    parameter, so each shape of statement is compiled once and then found in SQLAlchemy's cache.
    """
    count = statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    offset = (page - 1) * per_page
    # An offset beyond the database's integer range is an error there, not an empty page.
    if offset > MAX_ID - per_page:
        return Paginated(
            items=[], page=page, per_page=per_page, total=await _scalar(session, count)
        )
    total = count.scalar_subquery().correlate(None).label(TOTAL)
    page_statement = statement.add_columns(total).offset(offset).limit(per_page)
    rows = (await session.execute(page_statement)).all()
    if rows:
        items = [row._mapping for row in rows]
        return Paginated(items=items, page=page, per_page=per_page, total=rows[0][-1])
    # No row carries the total: it is 0 for the first page, and must be counted for a page
    # past the end, the one case of a second round trip.
    total_rows = 0 if page == 1 else await _scalar(session, count)
    return Paginated(items=[], page=page, per_page=per_page, total=total_rows)


async def _scalar(session: AsyncSession, count: Select[Any]) -> int:
    return await session.scalar(count) or 0
