"""The one place the API's blueprints are registered."""

from flask import Flask
{% if cookiecutter.auth == "jwt" %}
from app.api.routes import auth, health, tasks, users
{%- else %}
from app.api.routes import health, tasks
{%- endif %}

__all__ = ["register_blueprints"]


def register_blueprints(app: Flask) -> None:
    # Health checks live outside /api: load balancers probe them, clients do not.
    app.register_blueprint(health.bp, url_prefix="/health")
{%- if cookiecutter.auth == "jwt" %}
    app.register_blueprint(auth.bp, url_prefix="/api/auth")
    app.register_blueprint(users.bp, url_prefix="/api/users")
{%- endif %}
    app.register_blueprint(tasks.bp, url_prefix="/api/tasks")
