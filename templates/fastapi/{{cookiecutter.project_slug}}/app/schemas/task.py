from datetime import datetime
from typing import Annotated, Any

from pydantic import MISSING, AfterValidator, ConfigDict, Field, JsonValue, StringConstraints

from app.models.task import TITLE_MAX_LENGTH
from app.schemas.base import RequestModel, ResponseModel
from app.schemas.fields import no_nul, stripped_text_pattern
from app.schemas.page import BoolFilter, Page, PageQuery

__all__ = ["TaskCreate", "TaskOut", "TaskPage", "TaskPatch", "TaskQuery", "TaskReplace"]


# The title's rules, for clients and fuzzers; see `stripped_text_pattern`.
TITLE_PATTERN = stripped_text_pattern(TITLE_MAX_LENGTH)


def _document_title(schema: dict[str, Any]) -> None:
    schema.pop("maxLength", None)
    schema["pattern"] = TITLE_PATTERN


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX_LENGTH),
    AfterValidator(no_nul),
    Field(
        description=(
            f"What to do: 1 to {TITLE_MAX_LENGTH} characters once surrounding white space is"
            " stripped, without NUL."
        ),
        examples=["Buy milk"],
        json_schema_extra=_document_title,
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


class TaskPage(Page[TaskOut]):
    """Named, so the document and generated clients call it TaskPage, not Page_TaskOut_."""


class TaskQuery(PageQuery):
    done: BoolFilter = Field(default=None, description="Only tasks with this `done` value.")
