from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from app.extensions import db

__all__ = ["MAX_OFFSET", "paginate"]

# The largest OFFSET a database accepts (a signed 64-bit integer); no table holds that many rows.
MAX_OFFSET = 2**63 - 1


def paginate(statement: Select[Any], *, page: int, per_page: int) -> Pagination:
    """One page of an ordered query, by Flask-SQLAlchemy; a page past the end is empty, never an
    error. Its `items`, `page`, `per_page`, `total` and `pages` are the API's page envelope."""
    if (page - 1) * per_page <= MAX_OFFSET:
        return db.paginate(statement, page=page, per_page=per_page, error_out=False)
    # Asking the database for such an OFFSET would be an error: count, and answer an empty page.
    pagination = db.paginate(statement, page=1, per_page=per_page, error_out=False)
    pagination.page, pagination.items = page, []
    return pagination
