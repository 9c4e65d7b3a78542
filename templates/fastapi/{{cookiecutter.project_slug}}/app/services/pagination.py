import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["Paginated", "paginate"]

T = TypeVar("T")


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
) -> Paginated[Any]:
    """One page of an ordered query; a page past the end is empty, never an error."""
    total = await session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    offset = (page - 1) * per_page
    # Skipping the query also keeps absurd page numbers away from the database's integer range.
    if offset >= total:
        return Paginated(items=[], page=page, per_page=per_page, total=total)
    rows = await session.scalars(statement.offset(offset).limit(per_page))
    return Paginated(items=list(rows), page=page, per_page=per_page, total=total)
