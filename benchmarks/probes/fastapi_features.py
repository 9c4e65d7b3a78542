"""What each production feature of the FastAPI skeleton costs on `GET /health`, in CPU per request.

Run by benchmarks/feature_costs.py inside a generated, installed and migrated FastAPI skeleton
(cwd = the project, APP_ENV=production, a 48-character SECRET_KEY):

    .venv/bin/python fastapi_features.py [--requests 2000] [--repeats 5]

The app is built as gunicorn builds it (`app.main:create_app()`, which gunicorn.conf.py names),
with the metrics in multiprocess mode in a temporary directory, as gunicorn.conf.py arranges,
and called as an ASGI app with a fake receive and send on one event loop. Each variant is that
app with one feature taken out: its middleware class dropped from `app.user_middleware`, which
Starlette builds into the stack on the first request. Every repeat measures all variants in turn
(`time.process_time()` over `--requests` calls); a feature's cost is the median of the full app
less the median without it. Two features are not middleware: the access line uvicorn writes per
request (its `uvicorn.access` logger, through the logging the app configures, timed per call
into a discarded stream) and the JSON log format (that line formatted as JSON against the plain
format). `minimal_us` is a FastAPI app with one `/health` route answering the same JSON, measured
in the same repeats. The app reads no database for /health, so the project's is left as it is.
The last line of stdout is the JSON summary; log lines go where the skeleton sends them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, cast

Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Message, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Awaitable[None],
]

# Each feature: its name in the report and the middleware classes (by name) it takes out.
MIDDLEWARE_FEATURES: list[tuple[str, tuple[str, ...]]] = [
    ("metrics", ("MetricsMiddleware",)),
    ("request id", ("RequestIdMiddleware",)),
    ("security headers", ("SecurityHeadersMiddleware",)),
    ("problem handlers", ("UnhandledErrorMiddleware",)),
    ("size limits", ("DeclaredSizeLimitMiddleware", "RequestLineLimitMiddleware")),
    ("head as get", ("HeadAsGetMiddleware",)),
]
# uvicorn's access line (uvicorn/protocols/http/httptools_impl.py) and what fills it.
ACCESS_FORMAT = '%s - "%s %s HTTP/%s" %d'
ACCESS_ARGS = ("127.0.0.1:54321", "GET", "/health", "1.1", 200)


def health_scope() -> Message:
    """What uvicorn hands the app for `GET /health` from a load balancer on loopback."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/health",
        "raw_path": b"/health",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"localhost:8000"), (b"user-agent", b"wrk"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 54321),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def call(app: ASGIApp) -> int:
    """One request; its status."""
    status = 0

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(health_scope(), receive, send)
    return status


async def cpu_per_request(app: ASGIApp, requests: int) -> float:
    """Microseconds of CPU per request, over `requests` requests."""
    started = time.process_time()
    for _ in range(requests):
        await call(app)
    return (time.process_time() - started) / requests * 1e6


def skeleton_app(without: tuple[str, ...] = ()) -> ASGIApp:
    """The app gunicorn's workers build, less the middleware classes named in `without`."""
    from app.main import create_app

    app = create_app()
    app.user_middleware = [
        entry for entry in app.user_middleware if entry.cls.__name__ not in without
    ]
    app.middleware_stack = None  # built again, from the list above, on the first request
    return app


def minimal_app() -> ASGIApp:
    """FastAPI at its plainest: one route, no middleware, the same JSON answer."""
    from fastapi import FastAPI

    app = FastAPI(openapi_url=None)
    started = time.monotonic()

    @app.get("/health")
    async def health() -> dict[str, object]:
        return {"status": "ok", "uptime": time.monotonic() - started, "version": "0.1.0"}

    return app


def time_access_line(calls: int, formatter: logging.Formatter | None = None) -> float:
    """Microseconds per access line, written through the app's logging into a discarded stream;
    with `formatter` in place of the app's if given."""
    # app/core/logging.py's one handler, on stdout.
    handler = cast("logging.StreamHandler[Any]", logging.getLogger().handlers[0])
    access = logging.getLogger("uvicorn.access")
    kept_stream, kept_formatter = handler.stream, handler.formatter
    with open(os.devnull, "w") as discarded:
        handler.setStream(discarded)
        if formatter is not None:
            handler.setFormatter(formatter)
        try:
            started = time.process_time()
            for _ in range(calls):
                access.info(ACCESS_FORMAT, *ACCESS_ARGS)
            return (time.process_time() - started) / calls * 1e6
        finally:
            handler.setStream(kept_stream)
            handler.setFormatter(kept_formatter)


async def measure(requests: int, repeats: int) -> dict[str, Any]:
    from app.core.log_format import PlainFormatter

    variants: dict[str, ASGIApp] = {"minimal": minimal_app()}
    for feature, classes in MIDDLEWARE_FEATURES:
        variants[feature] = skeleton_app(without=classes)
    # Last, so that the logging configured is the full app's.
    variants["full"] = skeleton_app()
    for name, app in variants.items():
        if (status := await call(app)) != 200:
            raise SystemExit(f"GET /health answered {status} ({name})")
    timings: dict[str, list[float]] = {name: [] for name in [*variants, "access", "plain"]}
    plain = PlainFormatter()
    for _ in range(repeats):
        for name, app in variants.items():
            timings[name].append(await cpu_per_request(app, requests))
        timings["access"].append(time_access_line(requests))
        timings["plain"].append(time_access_line(requests, plain))
    median = {name: statistics.median(values) for name, values in timings.items()}
    return report(median, requests, repeats)


def report(median: dict[str, float], requests: int, repeats: int) -> dict[str, Any]:
    features = [
        {
            "feature": feature,
            "cost_us": round(median["full"] - median[feature], 1),
            "how": " and ".join(classes) + " removed from app.user_middleware",
        }
        for feature, classes in MIDDLEWARE_FEATURES
    ]
    features.append(
        {
            "feature": "access log",
            "cost_us": round(median["access"], 1),
            "how": "uvicorn.access logger's line, timed per call through the app's logging",
        }
    )
    features.append(
        {
            "feature": "json log format",
            "cost_us": round(median["access"] - median["plain"], 1),
            "how": "the access line with JsonFormatter less with the plain format",
        }
    )
    return {
        "framework": "fastapi",
        "requests": requests,
        "repeats": repeats,
        "full_us": round(median["full"], 1),
        "minimal_us": round(median["minimal"], 1),
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    # As gunicorn.conf.py arranges before anything imports the app.
    metrics = tempfile.TemporaryDirectory(prefix="metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics.name
    sys.path.insert(0, os.getcwd())
    with metrics:
        figures = asyncio.run(measure(arguments.requests, arguments.repeats))
    sys.stderr.flush()
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
