"""Assembly only: settings, logging, extensions, request guards, error handlers, blueprints,
metrics."""

import time

from apiflask import APIFlask

from app.api import metrics
from app.api.blueprints import register_blueprints
from app.api.decorators import refuse_undeclared_query
from app.api.errors import register_error_handlers
from app.api.openapi import install_openapi
{%- if cookiecutter.auth == "jwt" %}
from app.api.security import authenticate
{%- endif %}
from app.core.config import Settings, get_settings
from app.core.json_provider import JSONProvider
from app.core.logging import configure_logging
from app.core.middleware import (
    BodySizeLimitMiddleware,
    RefuseDeclaredOversize,
    RequestIdMiddleware,
    security_headers,
)
from app.core.request import Request
from app.core.sessions import NoSessions
from app.extensions import init_extensions

__all__ = ["create_app"]


def create_app(config: Settings | None = None) -> APIFlask:
    """Build the app from `config`, or from the environment (and `.env`) when it is None."""
    settings = config or get_settings()
    configure_logging(settings.log_level, settings.effective_log_format)
    # No static folder: the only static files are the docs' assets, served by app.api.openapi.
    # (Flask takes None for none; APIFlask's signature says str.)
    app = APIFlask(
        "app",
        title=settings.app_name,
        version=settings.version,
        static_folder=None,  # type: ignore[arg-type]
    )
    app.request_class = Request
    # The API authenticates by bearer token and keeps no cookie session: opening Flask's signed
    # cookie on every request (and deciding to save it) was a tenth of /health for nothing.
    app.session_interface = NoSessions()
    app.config.from_mapping(settings.flask_config())
    app.json = JSONProvider(app)
    app.extensions["settings"] = settings
    app.extensions["started_at"] = time.monotonic()

    # The request id wraps the app and the size limit, so even a 500 carries it and every log
    # line names it; it adds the security headers to every answer Flask makes, errors and the
    # docs included, as it adds the id. The metrics wrap them all, to count every answer with
    # the status it went out with and time it from the request's arrival. Flask tells them the
    # route.
    app.wsgi_app = metrics.MetricsMiddleware(  # type: ignore[method-assign]
        RequestIdMiddleware(
            BodySizeLimitMiddleware(app.wsgi_app, settings.max_body_size),
            headers=security_headers(settings.hsts_seconds),
        )
    )
    app.teardown_request(metrics.note_route)
    app.before_request(RefuseDeclaredOversize(settings.max_body_size))
{%- if cookiecutter.auth == "jwt" %}
    # The access token before anything else about the request: without one, a 401.
    app.before_request(authenticate)
{%- endif %}
    app.before_request(refuse_undeclared_query)
    init_extensions(app, settings)
    register_error_handlers(app)
    register_blueprints(app)
    # Outside the API and its document, as the docs are.
    app.register_blueprint(metrics.bp)
    install_openapi(app)
    return app
