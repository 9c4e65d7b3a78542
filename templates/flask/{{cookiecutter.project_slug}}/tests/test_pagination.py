"""The page envelope every list answers with, from any ordered query: on rows the database makes
up, so that it is checked whatever resources the project has."""

from typing import Any

import pytest
from apiflask import APIFlask
from sqlalchemy import CompoundSelect, Select, event, literal_column, select, union_all

from app.extensions import db
from app.services.pagination import MAX_OFFSET, paginate


def numbers(count: int) -> Select[Any]:
    """`SELECT n` over 1..count, in order, as a table's rows would be."""
    rows: CompoundSelect[Any] = union_all(
        *(select(literal_column(str(n)).label("n")) for n in range(1, count + 1))
    )
    table = rows.subquery()
    return select(table.c.n).order_by(table.c.n)


def page_of(app: APIFlask, count: int, *, page: int, per_page: int) -> dict[str, Any]:
    with app.app_context():
        result = paginate(numbers(count), page=page, per_page=per_page)
        return {
            "items": [row["n"] for row in result.items],
            "page": result.page,
            "per_page": result.per_page,
            "total": result.total,
            "pages": result.pages,
        }


def test_a_page_holds_its_share_of_the_rows_in_order(app: APIFlask) -> None:
    first = page_of(app, 5, page=1, per_page=2)
    last = page_of(app, 5, page=3, per_page=2)

    assert first == {"items": [1, 2], "page": 1, "per_page": 2, "total": 5, "pages": 3}
    assert last == {"items": [5], "page": 3, "per_page": 2, "total": 5, "pages": 3}


@pytest.mark.parametrize(
    "page", [4, MAX_OFFSET // 2 + 1, MAX_OFFSET + 2, 10**30], ids=["next", "edge", "over", "huge"]
)
def test_a_page_past_the_end_is_empty_never_an_error(app: APIFlask, page: int) -> None:
    answer = page_of(app, 5, page=page, per_page=2)

    assert answer == {"items": [], "page": page, "per_page": 2, "total": 5, "pages": 3}


def statements_of(app: APIFlask, count: int, *, page: int, per_page: int) -> list[str]:
    """The SQL statements one page takes, as sent to the database."""
    sent: list[str] = []

    def note(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            paginate(numbers(count), page=page, per_page=per_page)
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
    return sent


def test_a_page_and_its_total_take_one_round_trip(app: APIFlask) -> None:
    assert len(statements_of(app, 5, page=2, per_page=2)) == 1


def test_only_a_page_past_the_end_counts_again_without_sorting(app: APIFlask) -> None:
    page, count = statements_of(app, 5, page=4, per_page=2)

    assert "count(*)" in page
    assert "count(*)" in count
    assert "ORDER BY" not in count
