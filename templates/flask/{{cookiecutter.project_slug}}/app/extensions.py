"""The Flask extensions, created unbound and initialised in one place: `init_extensions`.

`db` is made beside the models' declarative base (app.models.base), which it is built on.
"""

from flask import Flask
from flask_cors import CORS
from flask_migrate import Migrate

from app.core.config import PROJECT_ROOT, Settings
from app.core.database import tune_engine
{%- if cookiecutter.auth == "jwt" %}
from app.core.passwords import Passwords
{%- endif %}
from app.models.base import db

__all__ = ["cors", "db", "init_extensions", "migrate"]

migrate = Migrate(directory=str(PROJECT_ROOT / "migrations"))
cors = CORS()


def init_extensions(app: Flask, settings: Settings) -> None:
    db.init_app(app)
    with app.app_context():
        tune_engine(db.engine)
    migrate.init_app(app, db)
{%- if cookiecutter.auth == "jwt" %}
    # Cheap hashing parameters in the test configuration only; the real ones everywhere else.
    app.extensions["passwords"] = Passwords(cheap=settings.app_env == "test")
{%- endif %}
    if settings.cors_origins:
        cors.init_app(
            app,
            origins=settings.cors_origins,
            methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Content-Type", "X-Request-ID"],
            expose_headers=["Location", "X-Request-ID"],
        )
