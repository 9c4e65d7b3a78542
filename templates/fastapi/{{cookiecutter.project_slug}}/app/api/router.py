"""The one place the API's routers are registered."""

from fastapi import APIRouter

from app.api.routes import {% if cookiecutter.auth == "jwt" %}auth, {% endif %}health, metrics, tasks{% if cookiecutter.auth == "jwt" %}, users{% endif %}

__all__ = ["api_router", "root_router"]

# Health checks and metrics live outside /api: load balancers and monitoring read them, clients
# do not.
root_router = APIRouter()
root_router.include_router(health.router)
root_router.include_router(metrics.router)

api_router = APIRouter(prefix="/api")
{%- if cookiecutter.auth == "jwt" %}
api_router.include_router(auth.router)
api_router.include_router(users.router)
{%- endif %}
api_router.include_router(tasks.router)
