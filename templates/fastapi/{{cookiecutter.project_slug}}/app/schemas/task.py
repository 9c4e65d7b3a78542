from datetime import datetime
from typing import Annotated, Any

from pydantic import MISSING, AfterValidator, ConfigDict, Field, StringConstraints

from app.models.task import TITLE_MAX_LENGTH
from app.schemas.base import RequestModel, ResponseModel
from app.schemas.page import PageQuery, QueryBool

__all__ = ["TaskCreate", "TaskOut", "TaskPatch", "TaskQuery", "TaskReplace"]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store U+0000 in text; refusing it everywhere keeps databases alike.
    if "\x00" in value:
        raise ValueError("must not contain the NUL character")
    return value


# Unicode's White_Space characters, those pydantic's `strip_whitespace` drops. Spelled out in the
# pattern because `\s` means another set in each regex dialect (ECMA-262, Python's, Rust's).
WHITE_SPACE = r"\t\n\v\f\r\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES = f"[{WHITE_SPACE}]*"
_EDGE = rf"[^{WHITE_SPACE}\u0000]"
_MIDDLE = r"[^\u0000]{0," + str(TITLE_MAX_LENGTH - 2) + "}"
# The title's rules, for clients and fuzzers: between optional white space, 1 to TITLE_MAX_LENGTH
# characters that start and end with something else, and no NUL anywhere (see _no_nul). A
# `maxLength` would count the white space that stripping drops, so the pattern says it instead.
TITLE_PATTERN = f"^{_SPACES}{_EDGE}(?:{_MIDDLE}{_EDGE})?{_SPACES}$"


def _document_title(schema: dict[str, Any]) -> None:
    schema.pop("maxLength", None)
    schema["pattern"] = TITLE_PATTERN


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX_LENGTH),
    AfterValidator(_no_nul),
    Field(
        description=(
            f"What to do: 1 to {TITLE_MAX_LENGTH} characters once surrounding white space is"
            " stripped, without NUL."
        ),
        examples=["Buy milk"],
        json_schema_extra=_document_title,
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
