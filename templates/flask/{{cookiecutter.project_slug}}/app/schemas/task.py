from datetime import datetime
from typing import Annotated

from pydantic import MISSING, BaseModel, ConfigDict, Field, JsonValue

from app.models.task import TITLE_MAX_LENGTH
from app.schemas.base import RequestModel, ResponseModel
from app.schemas.fields import ShortText
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


Title = Annotated[
    ShortText,
    Field(
        description=(
            f"What to do: 1 to {TITLE_MAX_LENGTH} characters once surrounding white space is"
            " stripped, without NUL."
        ),
        examples=["Buy milk"],
    ),
]
EXAMPLE: dict[str, JsonValue] = {"title": "Write the quarterly report", "done": False}


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
    # Left out, no filter: MISSING, since `null` is no value a query string can send.
    done: QueryBool | MISSING = Field(
        default=MISSING, description="Only tasks with this `done` value."
    )


class TaskPage(Page[TaskOut]):
    """A page of tasks."""


class TaskCreated(BaseModel):
    """The headers of a 201."""

    location: str = Field(
        alias="Location", description="Where the new task is.", examples=["/api/tasks/1"]
    )
