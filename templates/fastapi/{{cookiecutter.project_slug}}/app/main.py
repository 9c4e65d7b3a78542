"""Assembly only: settings, logging, database, middleware, error handlers, routers.

Servers call the factory (`app.main:create_app()` for gunicorn, `--factory` for uvicorn), so
importing this module has no side effects and each worker builds its app after the fork.
"""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from app.api.errors import register_error_handlers
from app.api.openapi import install_openapi, operation_id
from app.api.router import api_router, root_router
from app.api.routes.metrics import METRICS_PATH
from app.core.config import Settings, get_settings
from app.core.database import create_engine, create_session_factory, for_reads
from app.core.logging import configure_logging
from app.core.middleware import (
    CORSWithoutRefusalsMiddleware,
    DeclaredSizeLimitMiddleware,
    HeadAsGetMiddleware,
    MetricsMiddleware,
    RequestIdMiddleware,
    RequestLineLimitMiddleware,
    SecurityHeadersMiddleware,
    UnhandledErrorMiddleware,
)

__all__ = ["create_app"]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await app.state.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.effective_log_format)
    # FastAPIOffline serves Swagger UI's assets from the installed package, not from a CDN.
    app = FastAPIOffline(
        title=settings.app_name,
        version=settings.version,
        debug=settings.debug,
        lifespan=lifespan,
        redoc_url=None,
        # `/api/tasks/` is an unknown path (404), as in every forge skeleton, not a redirect.
        redirect_slashes=False,
        generate_unique_id_function=operation_id,
    )
    # Read by SettingsDep (app/api/deps.py) from the app itself, so that each app, a test's
    # included, keeps the settings it was built with; no dependency override, which would make
    # FastAPI rebuild the dependency on every request.
    app.state.settings = settings
    app.state.started_at = time.monotonic()
    app.state.engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    app.state.read_engine = for_reads(app.state.engine)
    app.state.session_factory = create_session_factory(app.state.engine)

    # Added innermost first: the request id wraps everything, so even a 500 carries it.
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(DeclaredSizeLimitMiddleware, max_body_size=settings.max_body_size)
    if settings.cors_origins:
        app.add_middleware(
            CORSWithoutRefusalsMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Content-Type", "X-Request-ID"],
            expose_headers=["Location", "X-Request-ID"],
        )
    # Inside the request line limit, which measures the method as the client sent it.
    app.add_middleware(HeadAsGetMiddleware)
    # Outside CORS, as gunicorn's own refusal is in the other skeletons.
    app.add_middleware(RequestLineLimitMiddleware)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, hsts_seconds=settings.hsts_seconds)
    # Outermost: it counts every answer, those the middleware above make included.
    app.add_middleware(MetricsMiddleware, scrape_path=METRICS_PATH)
    register_error_handlers(app)
    app.include_router(root_router)
    app.include_router(api_router, max_body_size=settings.max_body_size)
    install_openapi(app)
    return app
