"""Liveness and readiness, for load balancers and orchestrators."""

import threading
import time
from typing import Literal

from apiflask import APIBlueprint
from apiflask.types import ResponsesObjectType
from flask import current_app
from pydantic import BaseModel, Field
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from app.core.config import current_settings
from app.extensions import db
from app.schemas.fields import Float64

__all__ = ["bp"]

bp = APIBlueprint("health", __name__)
TAGS = ["health"]
READY_TIMEOUT_SECONDS = 2.0
# A 503 answers with the same body as a 200: which check failed.
UNAVAILABLE: ResponsesObjectType = {
    503: {
        "description": "A dependency is unavailable",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}},
    }
}


class Health(BaseModel):
    status: Literal["ok"]
    uptime: Float64 = Field(description="Seconds since this process started.", examples=[42.5])
    version: str = Field(examples=["0.1.0"])


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"] = Field(examples=["ok"])
    checks: dict[str, str] = Field(examples=[{"database": "ok"}])


@bp.get("")
@bp.output(Health)
@bp.doc(operation_id="get_health", tags=TAGS)
def get_health() -> Health:
    """Liveness: the process serves requests"""
    uptime = time.monotonic() - current_app.extensions["started_at"]
    return Health(status="ok", uptime=uptime, version=current_settings().version)


@bp.get("/ready")
@bp.output(Readiness)
@bp.doc(operation_id="get_readiness", tags=TAGS, responses=UNAVAILABLE)
def get_readiness() -> tuple[Readiness, int]:
    """Readiness: the database answers"""
    database = _check_database(db.engine)
    if database == "ok":
        return Readiness(status="ok", checks={"database": database}), 200
    return Readiness(status="unavailable", checks={"database": database}), 503


def _check_database(engine: Engine) -> str:
    """A short reason for operators; never the URL or the driver's message, which may leak.

    The check runs in a thread of its own so that a database that does not answer costs this
    request READY_TIMEOUT_SECONDS, not the driver's connect or socket timeout.
    """
    outcome: list[str] = []
    check = threading.Thread(target=lambda: outcome.append(_ping(engine)), daemon=True)
    check.start()
    check.join(READY_TIMEOUT_SECONDS)
    return outcome[0] if outcome else "timeout"


def _ping(engine: Engine) -> str:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (DBAPIError, OSError) as exc:
        cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc
        return f"unreachable ({type(cause).__name__})"
    return "ok"
