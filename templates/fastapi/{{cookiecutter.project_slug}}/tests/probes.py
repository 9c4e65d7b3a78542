"""Routes the tests add to an app of their own, to try what every resource relies on (JSON
bodies, query models, size limits, unexpected errors) without depending on any resource: the
tests that use them pass whatever `forge add-endpoint` and `forge remove-endpoint` did.

The routes are declared as a resource's are, with the skeleton's own schemas and dependencies,
but keep nothing: each answers with what it was sent. Their path (outside /api, with a
hyphen), operation ids and schema names are none a resource can have.
"""

import logging
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Response, status
from fastapi.responses import StreamingResponse
from pydantic import MISSING, Field

from app.api.deps import NoQuery, RequireJson
from app.api.openapi import Responses
from app.core.config import Settings
from app.core.exceptions import NotFoundError, UnknownReferencesError
from app.main import create_app
from app.schemas.base import RequestModel
from app.schemas.fields import ShortText
from app.schemas.page import BoolFilter, PageQuery

__all__ = [
    "BROKEN_STREAM",
    "FAILURE",
    "ITEM",
    "NOT_FOUND",
    "PATH",
    "REFERENCES",
    "SECRET",
    "UNKNOWN_REFERENCES",
    "make_probe_app",
]

PATH = "/test-probes"
ITEM = PATH + "/{id}"
FAILURE = PATH + "/failure"
NOT_FOUND = PATH + "/not-found"
BROKEN_STREAM = PATH + "/broken-stream"
REFERENCES = PATH + "/references"
# What a service says of ids naming no row, by the body's field, as generated services do.
UNKNOWN_REFERENCES = {
    "author_id": "There is no author with this id",
    "editor_id": "There is no author with this id",
}
# What an unexpected error says; no answer may show it.
SECRET = "SELECT secret FROM settings WHERE password='hunter2'"

logger = logging.getLogger(__name__)
router = APIRouter(prefix=PATH)
# As a resource's routes document them.
BODY_ERRORS: Responses = {
    400: {"description": "The body is not a JSON object"},
    413: {"description": "The body is too large"},
    415: {"description": "The body is not JSON"},
}


class ProbeBody(RequestModel):
    title: ShortText
    done: bool = False


class ProbeChanges(RequestModel):
    title: ShortText | MISSING = MISSING
    done: bool | MISSING = MISSING


class ProbeFilters(PageQuery):
    done: BoolFilter = Field(default=None)


@router.get("")
async def probe_list(query: Annotated[ProbeFilters, Query()]) -> ProbeFilters:
    return query


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    dependencies=[RequireJson, NoQuery],
    responses=BODY_ERRORS,
)
async def probe_create(body: ProbeBody) -> ProbeBody:
    logger.info("Probed %s", body.title)
    return body


@router.get("/failure", dependencies=[NoQuery])
async def probe_failure() -> None:
    raise RuntimeError(SECRET)


@router.get("/not-found", dependencies=[NoQuery])
async def probe_not_found() -> None:
    raise NotFoundError("Probe", "not-found")


@router.post("/references", dependencies=[RequireJson, NoQuery], responses=BODY_ERRORS)
async def probe_references(body: ProbeBody) -> None:
    raise UnknownReferencesError(UNKNOWN_REFERENCES)


@router.get("/broken-stream", dependencies=[NoQuery])
async def probe_broken_stream() -> StreamingResponse:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"partial"
        raise RuntimeError(SECRET)

    return StreamingResponse(chunks())


@router.get("/{probe_id:int}", dependencies=[NoQuery])
async def probe_get(probe_id: int) -> int:
    return probe_id


@router.put("/{probe_id:int}", dependencies=[RequireJson, NoQuery], responses=BODY_ERRORS)
async def probe_replace(probe_id: int, body: ProbeBody) -> ProbeBody:
    return body


@router.patch("/{probe_id:int}", dependencies=[RequireJson, NoQuery], responses=BODY_ERRORS)
async def probe_update(probe_id: int, body: ProbeChanges) -> ProbeChanges:
    return body


@router.delete("/{probe_id:int}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[NoQuery])
async def probe_delete(probe_id: int) -> Response:
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def make_probe_app(settings: Settings) -> FastAPI:
    """The app `create_app` builds, with the probes, their bodies limited as the API's are."""
    app = create_app(settings)
    app.include_router(router, max_body_size=settings.max_body_size)
    return app
