"""Liveness and readiness, for load balancers and orchestrators."""

import asyncio
import time
from typing import Literal

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.api.deps import NoQuery, refuse_query_string
from app.schemas.fields import Float64

__all__ = ["router"]

router = APIRouter(prefix="/health", tags=["health"])
READY_TIMEOUT_SECONDS = 2.0


class Health(BaseModel):
    status: Literal["ok"]
    uptime: Float64 = Field(description="Seconds since this process started.", examples=[42.5])
    version: str = Field(examples=["0.1.0"])


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"] = Field(examples=["ok"])
    checks: dict[str, str] = Field(examples=[{"database": "ok"}])


# Asked many times a second by load balancers, so made cheap, with the same answer (and no
# docstring: it would be the operation's description). The query is refused inside, free when
# empty; the settings are read from the app, not solved as a dependency; and the model's JSON
# goes out as a ready Response (FastAPI's "return a Response directly"), which FastAPI sends
# as it is instead of validating the model again. `response_model` still documents it.
@router.get("", summary="Liveness: the process serves requests", response_model=Health)
async def get_health(request: Request) -> Response:
    refuse_query_string(request)
    state = request.app.state
    uptime = time.monotonic() - state.started_at
    health = Health(status="ok", uptime=uptime, version=state.settings.version)
    return Response(health.model_dump_json(), media_type="application/json")


@router.get(
    "/ready",
    summary="Readiness: the database answers",
    dependencies=[NoQuery],
    responses={503: {"model": Readiness, "description": "A dependency is unavailable"}},
)
async def get_readiness(request: Request, response: Response) -> Readiness:
    database = await _check_database(request)
    if database == "ok":
        return Readiness(status="ok", checks={"database": database})
    response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Readiness(status="unavailable", checks={"database": database})


async def _check_database(request: Request) -> str:
    """A short reason for operators; never the URL or the driver's message, which may leak."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            async with request.app.state.read_engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except TimeoutError:
        return "timeout"
    except (DBAPIError, OSError) as exc:
        cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc
        return f"unreachable ({type(cause).__name__})"
    return "ok"
