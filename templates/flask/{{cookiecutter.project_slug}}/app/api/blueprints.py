"""The one place the API's blueprints are registered."""

from flask import Flask

from app.api.routes import health, tasks

__all__ = ["register_blueprints"]


def register_blueprints(app: Flask) -> None:
    # Health checks live outside /api: load balancers probe them, clients do not.
    app.register_blueprint(health.bp, url_prefix="/health")
    app.register_blueprint(tasks.bp, url_prefix="/api/tasks")
