"""Prometheus's scrape target. Like the health checks, it lives outside /api and needs no
token: monitoring reads it, API clients do not. Keep it off the public ingress."""

from fastapi import APIRouter, Response

from app.core.metrics import CONTENT_TYPE, exposition

__all__ = ["METRICS_PATH", "router"]

METRICS_PATH = "/metrics"

# Out of the OpenAPI document: it is no operation of the API, and generated clients would
# each get a function for it.
router = APIRouter(include_in_schema=False)


@router.get(METRICS_PATH)
def get_metrics() -> Response:
    # A plain function, which FastAPI runs in its thread pool: under gunicorn, reading every
    # worker's files (and waiting while a dead worker's are folded) must not stall the event loop.
    return Response(exposition(), media_type=CONTENT_TYPE)
