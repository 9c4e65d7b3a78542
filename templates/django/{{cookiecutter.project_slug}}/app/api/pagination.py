"""Pagination: the query parameters and the envelope every list answers with."""

import math
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from app.api.serializers import QueryIntegerField
from app.api.views import ApiView

__all__ = ["MAX_PER_PAGE", "PagePagination", "PageQuerySerializer", "paginated_response"]

MAX_PER_PAGE = 100


class PageQuerySerializer(Serializer[Any]):
    """A list's query parameters: a list view's `query_serializer_class`, or the base of it."""

    page = QueryIntegerField(default=1, min_value=1, help_text="Page number, from 1.")
    per_page = QueryIntegerField(
        default=10, min_value=1, max_value=MAX_PER_PAGE, help_text="Items per page."
    )


class PagePagination(BasePagination):
    """`{"items", "page", "per_page", "total", "pages"}`; a page past the end is empty. The page
    asked for is the view's, validated with the rest of its query (app.api.views.ApiView)."""

    def paginate_queryset(
        self,
        queryset: QuerySet[Any] | Sequence[Any],
        request: Request,
        view: APIView | None = None,
    ) -> list[Any]:
        if not isinstance(view, ApiView):
            raise TypeError("PagePagination pages the validated query of an ApiView")
        self.page, self.per_page = view.query["page"], view.query["per_page"]
        # A query counts in the database; a list (DRF allows either) has a length.
        self.total = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        offset = (self.page - 1) * self.per_page
        # Skipping the query also keeps absurd page numbers away from the database's integers.
        if offset >= self.total:
            return []
        return list(queryset[offset : offset + self.per_page])

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


def paginated_response(
    *,
    pagination_class: type[BasePagination],
    queryset: QuerySet[Any] | Sequence[Any],
    serializer_class: type[Serializer[Any]],
    request: Request,
    view: ApiView,
) -> Response:
    """One page of `queryset` in the envelope, each item shaped by `serializer_class`."""
    paginator = pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)
