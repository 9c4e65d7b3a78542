"""Liveness and readiness, for load balancers and orchestrators."""

import asyncio
import time
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.api.deps import SettingsDep

__all__ = ["router"]

router = APIRouter(prefix="/health", tags=["health"])
READY_TIMEOUT_SECONDS = 2.0


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    uptime: float = Field(description="Seconds since this process started.", examples=[42.5])
    version: str = Field(examples=["0.1.0"])


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"] = Field(examples=["ok"])
    checks: dict[str, str] = Field(examples=[{"database": "ok"}])


@router.get("", summary="Liveness: the process serves requests")
async def health(request: Request, settings: SettingsDep) -> Health:
    uptime = time.monotonic() - request.app.state.started_at
    return Health(uptime=uptime, version=settings.version)


@router.get(
    "/ready",
    summary="Readiness: the database answers",
    responses={503: {"model": Readiness, "description": "A dependency is unavailable"}},
)
async def ready(request: Request) -> JSONResponse:
    database = await _check_database(request)
    status = "ok" if database == "ok" else "unavailable"
    body = Readiness(status=status, checks={"database": database})
    return JSONResponse(body.model_dump(), status_code=200 if status == "ok" else 503)


async def _check_database(request: Request) -> str:
    """A short reason for operators; never the URL or the driver's message, which may leak."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            async with request.app.state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except TimeoutError:
        return "timeout"
    except (DBAPIError, OSError) as exc:
        cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc
        return f"unreachable ({type(cause).__name__})"
    return "ok"
