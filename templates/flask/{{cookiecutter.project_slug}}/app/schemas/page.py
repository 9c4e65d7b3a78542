"""Pagination: the query parameters and the envelope every list answers with."""

from typing import Annotated, Generic, TypeVar

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from app.schemas.base import QueryModel, ResponseModel

__all__ = ["MAX_PER_PAGE", "Page", "PageQuery", "QueryBool"]

MAX_PER_PAGE = 100
T = TypeVar("T")


def _true_or_false(value: object) -> object:
    # Only the JSON spellings, so `?done=yes` is an error in every forge skeleton alike.
    if isinstance(value, str) and value not in {"true", "false"}:
        # Not ValueError, whose message pydantic would prefix with "Value error, ".
        raise PydanticCustomError("bool_parsing", "Input should be 'true' or 'false'")
    return value == "true" if isinstance(value, str) else value


QueryBool = Annotated[bool, BeforeValidator(_true_or_false)]


class PageQuery(QueryModel):
    page: int = Field(default=1, ge=1, description="Page number, from 1.")
    per_page: int = Field(default=10, ge=1, le=MAX_PER_PAGE, description="Items per page.")


class Page(ResponseModel, Generic[T]):
    items: list[T]
    page: int = Field(examples=[1])
    per_page: int = Field(examples=[10])
    total: int = Field(description="Items across all pages.", examples=[1])
    pages: int = Field(description="Number of pages.", examples=[1])
