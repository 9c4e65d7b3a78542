"""What each production feature of the Flask skeleton costs on `GET /health`, in process.

Copied into a generated, installed and migrated Flask skeleton and run there with its own
interpreter (cwd = the project; APP_ENV=production, a SECRET_KEY, LOG_LEVEL set by the driver,
benchmarks/feature_costs.py). It builds the app as gunicorn does (`app:create_app()`, with
PROMETHEUS_MULTIPROC_DIR pointing at a scratch folder, as gunicorn.conf.py sets it, so that the
metrics write their files) and calls the WSGI callable directly, measuring the CPU time
(`time.process_time()`) per request:

- "full": the app as built;
- one variant per feature, each taking that one feature out by the smallest change Flask allows
  at run time (a middleware unwrapped from the WSGI chain, a hook dropped from the app's
  lists, a class swapped back for Flask's own); the project's files are not touched;
- "minimal": a Flask app defined here with one `/health` route answering the same JSON.

The variants are interleaved inside each repeat and the medians over `--repeats` are reported;
cost = median(full) - median(without), which noise can make slightly negative. The access line
is gunicorn's, written after the app returns: it is measured by calling the skeleton's
`logger_class` (gunicorn.conf.py) with its `access_log_format` on a realistic request and
response, per call; "json log format" is that call with the JSON formatter less with the plain
one. Log lines go to stdout, where the skeleton sends them (the driver discards it). The last
line of stdout is one JSON object with the figures. Nothing is written to the database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, ClassVar

# As gunicorn.conf.py does before anything imports the app (prometheus-client reads it once).
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="probe-metrics-"))
sys.path.insert(0, os.getcwd())

from flask import Flask, jsonify
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask.wrappers import Request as FlaskRequest

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Variant = Callable[[], WsgiApp]
ACCESS_FORMAT = '%(h)s:%({remote_port}e)s - "%(r)s" %(s)s'  # gunicorn.conf.py's, as a default


def environ() -> dict[str, Any]:
    """A `GET /health` as gunicorn hands it to the app."""
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/health",
        "QUERY_STRING": "",
        "RAW_URI": "/health",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "53124",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "wrk",
        "HTTP_ACCEPT": "*/*",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
    return None


def per_request_us(app: WsgiApp, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        body = app(environ(), _start_response)
        b"".join(body)
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return (time.process_time() - started) / requests * 1e6


def skeleton() -> Any:
    from app import create_app

    return create_app()


def _without_hook(hooks: dict[Any, list[Any]], kind: type | Callable[..., Any]) -> None:
    """Drop the app-wide hook that is `kind` (a function) or an instance of it (a class)."""
    hooks[None] = [
        hook
        for hook in hooks.get(None, [])
        if hook is not kind and not (isinstance(kind, type) and isinstance(hook, kind))
    ]


def variants() -> dict[str, tuple[str, Variant]]:
    """Each feature's name, how it is taken out, and a builder of the app without it."""
    from app.api import metrics
    from app.api.decorators import refuse_undeclared_query
    from app.core import middleware

    def chain(app: Any) -> tuple[Any, Any, Any]:
        # metrics(request id(size limit(Flask))): app/factory.py
        outer = app.wsgi_app
        return outer, outer.wsgi_app, outer.wsgi_app.app

    def no_request_id() -> WsgiApp:
        # The security headers stay: the same middleware adds them, in the same pass.
        app = skeleton()
        outer, request_id, _ = chain(app)
        outer.wsgi_app = _HeadersOnly(request_id.app, request_id.headers)
        return app  # type: ignore[no-any-return]

    def no_size_limits() -> WsgiApp:
        app = skeleton()
        _, request_id, size_limit = chain(app)
        request_id.app = size_limit.app
        _without_hook(app.before_request_funcs, middleware.RefuseDeclaredOversize)
        return app  # type: ignore[no-any-return]

    def no_metrics() -> WsgiApp:
        app = skeleton()
        app.wsgi_app = app.wsgi_app.wsgi_app
        _without_hook(app.teardown_request_funcs, metrics.note_route)
        return app  # type: ignore[no-any-return]

    def no_security_headers() -> WsgiApp:
        app = skeleton()
        outer, request_id, _ = chain(app)
        outer.wsgi_app = middleware.RequestIdMiddleware(request_id.app)
        return app  # type: ignore[no-any-return]

    def no_query_guard() -> WsgiApp:
        app = skeleton()
        _without_hook(app.before_request_funcs, refuse_undeclared_query)
        return app  # type: ignore[no-any-return]

    def no_token_hook() -> WsgiApp:
        app = skeleton()
        app.before_request_funcs[None] = [
            hook
            for hook in app.before_request_funcs[None]
            if getattr(hook, "__name__", "") != "authenticate"
        ]
        return app  # type: ignore[no-any-return]

    def no_problem_handlers() -> WsgiApp:
        app = skeleton()
        app.error_handler_spec.clear()
        return app  # type: ignore[no-any-return]

    def no_json_provider() -> WsgiApp:
        app = skeleton()
        app.json = DefaultJSONProvider(app)
        return app  # type: ignore[no-any-return]

    def no_request_class() -> WsgiApp:
        app = skeleton()
        app.request_class = FlaskRequest
        return app  # type: ignore[no-any-return]

    def cookie_session() -> WsgiApp:
        app = skeleton()
        app.session_interface = SecureCookieSessionInterface()
        return app  # type: ignore[no-any-return]

    return {
        "request id": (
            "RequestIdMiddleware unwrapped, its security headers added by a bare wrapper",
            no_request_id,
        ),
        "size limits": (
            "BodySizeLimitMiddleware unwrapped, RefuseDeclaredOversize hook dropped",
            no_size_limits,
        ),
        "metrics": ("MetricsMiddleware unwrapped, note_route teardown dropped", no_metrics),
        "security headers": (
            "RequestIdMiddleware rebuilt without its security headers",
            no_security_headers,
        ),
        "problem handlers": (
            "the app's error handlers cleared (Flask's own try/except stays: it is no layer)",
            no_problem_handlers,
        ),
        "query guard": ("refuse_undeclared_query before_request hook dropped", no_query_guard),
        "token check hook": ("authenticate before_request hook dropped", no_token_hook),
        "json provider": ("Flask's DefaultJSONProvider instead of JSONProvider", no_json_provider),
        "request class": ("Flask's Request instead of the last-value query one", no_request_class),
        "null session": (
            "Flask's SecureCookieSessionInterface instead of NoSessions (a negative cost is what"
            " the null session saves)",
            cookie_session,
        ),
    }


class _HeadersOnly:
    """What is left of the skeleton's RequestIdMiddleware without the id: the same headers
    added to every answer, by the same kind of `start_response` wrapper."""

    def __init__(self, app: WsgiApp, headers: list[tuple[str, str]]) -> None:
        self.app = app
        self.headers = headers
        self.replaced = frozenset(name.lower() for name, _ in headers)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(name, value) for name, value in headers if name.lower() not in self.replaced]
            return start_response(status, kept + self.headers, exc_info)

        return self.app(environ, start)


def minimal() -> WsgiApp:
    """One route answering what the skeleton's /health answers, nothing else."""
    app = Flask("minimal")
    started = time.monotonic()

    @app.get("/health")
    def health() -> Any:
        return jsonify(status="ok", uptime=time.monotonic() - started, version="0.1.0")

    return app


def access_logger(fmt: str) -> Callable[[], None]:
    """One call of the skeleton's gunicorn access logger with the log format `fmt`, set up as
    a gunicorn worker has it: gunicorn's logger first, then the app's logging configuration."""
    from app.core.access_log import AccessLogger
    from app.core.config import get_settings
    from app.core.logging import configure_logging
    from gunicorn.config import Config

    settings = get_settings()
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", _access_format())
    config.set("loglevel", settings.log_level.lower())
    logger = AccessLogger(config)
    configure_logging(settings.log_level, fmt)  # type: ignore[arg-type]
    response = _FakeResponse()
    request = _FakeRequest()
    env = environ()
    took = timedelta(microseconds=412)
    return lambda: logger.access(response, request, env, took)  # type: ignore[arg-type]


def _access_format() -> str:
    namespace: dict[str, Any] = {}
    try:
        with open("gunicorn.conf.py") as config:
            source = config.read()
        start = source.index("access_log_format")
        exec(source[start : source.index("\n", start)], namespace)
    except (OSError, ValueError, SyntaxError):
        return ACCESS_FORMAT
    return str(namespace.get("access_log_format", ACCESS_FORMAT))


class _FakeResponse:
    status = "200 OK"
    sent = 58
    headers: ClassVar[list[tuple[str, str]]] = [
        ("Content-Type", "application/json"),
        ("Content-Length", "58"),
        ("X-Request-ID", "0b6e7a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b"),
        ("X-Content-Type-Options", "nosniff"),
    ]


class _FakeRequest:
    headers: ClassVar[list[tuple[str, str]]] = [
        ("HOST", "127.0.0.1:8000"),
        ("USER-AGENT", "wrk"),
        ("ACCEPT", "*/*"),
    ]


def per_call_us(call: Callable[[], None], calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - started) / calls * 1e6


def measure(requests: int, repeats: int) -> dict[str, Any]:
    features = variants()
    apps: dict[str, WsgiApp] = {"full": skeleton(), "minimal": minimal()}
    apps.update({name: build() for name, (_, build) in features.items()})
    timings: dict[str, list[float]] = {name: [] for name in apps}
    # Plain first: each repeat ends with the production (JSON) configuration in place.
    access: dict[str, list[float]] = {"plain": [], "json": []}
    for app in apps.values():
        per_request_us(app, 50)  # warm up: first requests fill caches
    for _ in range(repeats):
        for name, app in apps.items():
            timings[name].append(per_request_us(app, requests))
        for fmt in access:
            access[fmt].append(per_call_us(access_logger(fmt), requests))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    json_access = statistics.median(access["json"])
    rows = [
        {"feature": name, "cost_us": round(medians["full"] - medians[name], 1), "how": how}
        for name, (how, _) in features.items()
    ]
    rows.append(
        {
            "feature": "access log",
            "cost_us": round(json_access, 1),
            "how": "AccessLogger.access per call, production (JSON) format",
        }
    )
    rows.append(
        {
            "feature": "json log format",
            "cost_us": round(json_access - statistics.median(access["plain"]), 1),
            "how": "the access line with JsonFormatter less with the plain format",
        }
    )
    return {
        "framework": "flask",
        "requests": requests,
        "repeats": repeats,
        "full_us": round(medians["full"], 1),
        "minimal_us": round(medians["minimal"], 1),
        "features": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    figures = measure(args.requests, args.repeats)
    sys.stdout.flush()
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
