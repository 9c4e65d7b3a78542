"""Pagination: the query parameters and the envelope every list answers with.

A page of a query and its total come from the database in one round trip: each row of the page
carries the total, counted by a subquery of the same filters (no ORDER BY, no correlation, so
the database counts once). Lists are read with `.values()` and written by the answer
serializer's own fields, without a model instance or a serializer per row: the same JSON, for a
fraction of the work.
"""

import math
from collections.abc import Callable, Sequence
from functools import cache
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from django.db.models import Func, IntegerField, Model, QuerySet, Subquery
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer
from rest_framework.views import APIView

from app.api.serializers import QueryIntegerField
from app.api.views import ApiView

__all__ = ["MAX_PER_PAGE", "PagePagination", "PageQuerySerializer", "paginated_response"]

MAX_PER_PAGE = 100
# The largest OFFSET the databases take (a 64-bit integer): a page beyond it is empty.
MAX_OFFSET = 2**63 - 1
# The total's name among a page's columns; Django refuses an annotation named as a field.
TOTAL = "pagination_total"
# A field of an answer: its name, the column it reads, and how it writes a value (not null).
Column = tuple[str, str, Callable[[Any], Any]]

M = TypeVar("M", bound=Model)


class PageQuerySerializer(Serializer[Any]):
    """A list's query parameters: a list view's `query_serializer_class`, or the base of it."""

    page = QueryIntegerField(default=1, min_value=1, help_text="Page number, from 1.")
    per_page = QueryIntegerField(
        default=10, min_value=1, max_value=MAX_PER_PAGE, help_text="Items per page."
    )


class CountAll(Func):
    """`COUNT(*)` as a plain expression: Django's Count aggregate would group the subquery
    by every column of the table."""

    template = "COUNT(*)"
    output_field = IntegerField()


def with_total(queryset: QuerySet[M]) -> QuerySet[M]:
    """`queryset`, each row carrying the number of rows the whole query has (TOTAL)."""
    count = queryset.order_by().values(total=CountAll())
    counted: QuerySet[M] = queryset.annotate(**{TOTAL: Subquery(count)})
    return counted


class PagePagination(BasePagination):
    """`{"items", "page", "per_page", "total", "pages"}`; a page past the end is empty. The page
    asked for is the view's, validated with the rest of its query (app.api.views.ApiView)."""

    page: int
    per_page: int
    total: int

    def paginate_queryset(
        self,
        queryset: QuerySet[Any] | Sequence[Any],
        request: Request,
        view: APIView | None = None,
    ) -> list[Any]:
        """The page's model instances (or items, for a list: DRF allows either)."""
        offset = self.start(view)
        if isinstance(queryset, QuerySet):
            return self.page_of(with_total(queryset), queryset, offset, attrgetter(TOTAL))
        self.total = len(queryset)
        return list(queryset[offset : offset + self.per_page])

    def paginate_values(
        self, queryset: QuerySet[Any], columns: Sequence[str], view: ApiView
    ) -> list[dict[str, Any]]:
        """The page's rows as dictionaries of `columns` (`.values()`)."""
        offset = self.start(view)
        rows = with_total(queryset).values(*columns, TOTAL)
        return self.page_of(rows, queryset, offset, itemgetter(TOTAL))

    def start(self, view: APIView | None) -> int:
        if not isinstance(view, ApiView):
            raise TypeError("PagePagination pages the validated query of an ApiView")
        self.page, self.per_page = view.query["page"], view.query["per_page"]
        return (self.page - 1) * self.per_page

    def page_of(
        self, rows: QuerySet[Any], queryset: QuerySet[Any], offset: int, total: Callable[[Any], int]
    ) -> list[Any]:
        # An absurd page number stays away from the database's integers: that page is empty.
        page = list(rows[offset : offset + self.per_page]) if offset <= MAX_OFFSET else []
        if page:
            self.total = total(page[0])
        else:
            # No row to carry the total: only then is it counted on its own (an empty first
            # page has none to count).
            self.total = 0 if self.page == 1 else queryset.count()
        return page

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "items": data,
                "page": self.page,
                "per_page": self.per_page,
                "total": self.total,
                "pages": math.ceil(self.total / self.per_page),
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        def integer(example: int, description: str = "") -> dict[str, Any]:
            return {"type": "integer", "example": example} | (
                {"description": description} if description else {}
            )

        return {
            "type": "object",
            "required": ["items", "page", "per_page", "total", "pages"],
            "properties": {
                "items": schema,
                "page": integer(1),
                "per_page": integer(10),
                "total": integer(1, "Items across all pages."),
                "pages": integer(1, "Number of pages."),
            },
        }


@cache
def columns_of(serializer_class: type[Serializer[Any]]) -> list[Column] | None:
    """How `serializer_class` writes a row read with `.values()`: each field's name, its
    column and its `to_representation`, worked out once. None when a field reads anything but
    a column of the row (a nested serializer, a method, a dotted source): such a serializer
    needs the model instances."""
    serializer = serializer_class()
    columns: list[Column] = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if isinstance(field, BaseSerializer) or len(field.source_attrs) != 1 or field.source == "*":
            return None
        columns.append((name, field.source_attrs[0], field.to_representation))
    return columns


def paginated_response(
    *,
    pagination_class: type[BasePagination],
    queryset: QuerySet[Any] | Sequence[Any],
    serializer_class: type[Serializer[Any]],
    request: Request,
    view: ApiView,
) -> Response:
    """One page of `queryset` in the envelope, each item shaped by `serializer_class`.

    Written as the serializer writes an instance (DRF's Serializer.to_representation: a null
    stays null, any other value goes through its field), from the row's columns."""
    paginator = pagination_class()
    columns = columns_of(serializer_class)
    if not (columns and isinstance(paginator, PagePagination) and isinstance(queryset, QuerySet)):
        page = paginator.paginate_queryset(queryset, request, view=view)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)
    rows = paginator.paginate_values(queryset, [column for _, column, _ in columns], view)
    items = [
        {
            name: None if (value := row[column]) is None else write(value)
            for name, column, write in columns
        }
        for row in rows
    ]
    return paginator.get_paginated_response(items)
