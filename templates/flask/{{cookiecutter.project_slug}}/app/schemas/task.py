from datetime import datetime
from typing import Annotated

from pydantic import (
    MISSING,
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from app.models.task import TITLE_MAX_LENGTH
from app.schemas.base import RequestModel, ResponseModel
from app.schemas.page import Page, PageQuery, QueryBool

__all__ = [
    "TaskCreate",
    "TaskCreated",
    "TaskOut",
    "TaskPage",
    "TaskPatch",
    "TaskQuery",
    "TaskReplace",
]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store U+0000 in text; refusing it everywhere keeps databases alike.
    if "\x00" in value:
        raise ValueError("must not contain the NUL character")
    return value


def _strip(value: object) -> object:
    # Python's white space, as `\s` in the documented pattern means it (pydantic's own stripping
    # keeps some, such as U+001C, which the pattern counts as white space).
    return value.strip() if isinstance(value, str) else value


Title = Annotated[
    str,
    StringConstraints(min_length=1, max_length=TITLE_MAX_LENGTH),
    BeforeValidator(_strip),
    AfterValidator(_no_nul),
    Field(
        description="What to do; surrounding white space is stripped.",
        examples=["Buy milk"],
        # For clients and fuzzers: something besides white space, and no NUL (see _no_nul).
        json_schema_extra={"pattern": r"^[^\u0000]*[^\s\u0000][^\u0000]*$"},
    ),
]
EXAMPLE = {"title": "Write the quarterly report", "done": False}


class TaskCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    title: Title
    done: bool = False


class TaskReplace(TaskCreate):
    """PUT replaces the whole task: a missing `done` means false."""


class TaskPatch(RequestModel):
    """PATCH changes only the fields sent; `null` is not a value of either field."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"done": True}]})

    title: Title | MISSING = MISSING
    done: bool | MISSING = MISSING


class TaskOut(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": 1, **EXAMPLE, "created_at": "2026-11-21T09:30:00Z"}]}
    )

    id: int
    title: str
    done: bool
    created_at: datetime


class TaskQuery(PageQuery):
    done: QueryBool | None = Field(default=None, description="Only tasks with this `done` value.")


class TaskPage(Page[TaskOut]):
    """A page of tasks."""


class TaskCreated(BaseModel):
    """The headers of a 201."""

    location: str = Field(
        alias="Location", description="Where the new task is.", examples=["/api/tasks/1"]
    )
