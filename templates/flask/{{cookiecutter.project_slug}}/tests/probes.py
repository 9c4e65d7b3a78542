"""Routes the tests add to an app of their own, to try what every resource relies on (JSON
bodies, query models, size limits, unexpected errors) without depending on any resource: the
tests that use them pass whatever `forge add-endpoint` and `forge remove-endpoint` did.

The routes are declared as a resource's are, with the skeleton's own schemas and guards, but
keep nothing: each answers with what it was sent.
"""

import logging

from apiflask import APIBlueprint, APIFlask
from flask import Response, current_app
from pydantic import MISSING, Field

from app import create_app
from app.api.decorators import require_json_object
from app.core.config import Settings
from app.core.exceptions import NotFoundError, UnknownReferencesError
from app.schemas.base import RequestModel, ResponseModel
from app.schemas.fields import ShortText
from app.schemas.page import Page, PageQuery, QueryBool

__all__ = [
    "FAILURE",
    "FOUND",
    "ITEM",
    "PATH",
    "REFERENCES",
    "SECRET",
    "UNKNOWN_REFERENCES",
    "make_probe_app",
]

PATH = "/api/probes"
# The one probe there is; any other id is not found.
FOUND = 1
ITEM = f"{PATH}/{FOUND}"
FAILURE = f"{PATH}/failure"
REFERENCES = f"{PATH}/references"
# What a service says of ids naming no row, by the body's field, as generated services do.
UNKNOWN_REFERENCES = {
    "author_id": "There is no author with this id",
    "editor_id": "There is no author with this id",
}
# What an unexpected error says; no answer may show it.
SECRET = "SELECT secret FROM settings WHERE password='hunter2'"

logger = logging.getLogger(__name__)
bp = APIBlueprint("probes", __name__)


class ProbeCreate(RequestModel):
    title: ShortText
    done: bool = False


class ProbePatch(RequestModel):
    title: ShortText | MISSING = MISSING
    done: bool | MISSING = MISSING


class ProbeOut(ResponseModel):
    title: str
    done: bool


class ProbeQuery(PageQuery):
    done: QueryBool | MISSING = Field(default=MISSING)


class ProbePage(Page[ProbeOut]):
    """A page of nothing, numbered as asked."""


@bp.get("")
@bp.input(ProbeQuery, location="query", arg_name="query")
@bp.output(ProbePage)
def list_probes(query: ProbeQuery) -> ProbePage:
    return ProbePage(items=[], page=query.page, per_page=query.per_page, total=0, pages=0)


@bp.post("")
@require_json_object
@bp.input(ProbeCreate, arg_name="body")
@bp.output(ProbeOut, status_code=201)
def create_probe(body: ProbeCreate) -> ProbeOut:
    logger.info("Probed %s", body.title)
    return ProbeOut(title=body.title, done=body.done)


@bp.post("/references")
@require_json_object
@bp.input(ProbeCreate, arg_name="body")
@bp.output(ProbeOut, status_code=201)
def refer(body: ProbeCreate) -> ProbeOut:
    raise UnknownReferencesError(UNKNOWN_REFERENCES)


@bp.get("/failure")
@bp.output(ProbeOut)
def fail() -> ProbeOut:
    raise RuntimeError(SECRET)


@bp.get("/<int:probe_id>")
@bp.output(ProbeOut)
def get_probe(probe_id: int) -> ProbeOut:
    if probe_id != FOUND:
        raise NotFoundError("Probe", probe_id)
    return ProbeOut(title="Found", done=False)


@bp.put("/<int:probe_id>")
@require_json_object
@bp.input(ProbeCreate, arg_name="body")
@bp.output(ProbeOut)
def replace_probe(probe_id: int, body: ProbeCreate) -> ProbeOut:
    return ProbeOut(title=body.title, done=body.done)


@bp.patch("/<int:probe_id>")
@require_json_object
@bp.input(ProbePatch, arg_name="body")
@bp.output(ProbeOut)
def update_probe(probe_id: int, body: ProbePatch) -> ProbeOut:
    return ProbeOut.model_validate({"title": "Found", "done": False, **body.model_dump()})


@bp.delete("/<int:probe_id>")
@bp.output({}, status_code=204)
def delete_probe(probe_id: int) -> Response:
    response = current_app.response_class(status=204)
    del response.headers["Content-Type"]
    return response


def make_probe_app(settings: Settings) -> APIFlask:
    """The app `create_app` builds, with the probes under /api."""
    app = create_app(settings)
    app.register_blueprint(bp, url_prefix=PATH)
    return app
