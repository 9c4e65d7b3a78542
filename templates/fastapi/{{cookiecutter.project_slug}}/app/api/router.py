"""The one place the API's routers are registered."""

from fastapi import APIRouter

from app.api.routes import health, tasks

__all__ = ["api_router", "root_router"]

# Health checks live outside /api: load balancers probe them, clients do not.
root_router = APIRouter()
root_router.include_router(health.router)

api_router = APIRouter(prefix="/api")
api_router.include_router(tasks.router)
