"""What each production feature of the Django skeleton costs on `GET /health`, in CPU per request.

Run by benchmarks/feature_costs.py inside a generated, installed and migrated Django skeleton
(cwd = the project, APP_ENV=production, a 48-character SECRET_KEY):

    .venv/bin/python django_features.py [--requests 2000] [--repeats 5]

The app is built as gunicorn builds it (`config.wsgi:application`, which gunicorn.conf.py
names: Django's WSGI handler inside the skeleton's two WSGI wrappers), with the metrics in
multiprocess mode in a temporary directory, as gunicorn.conf.py arranges. Each variant is that
app with one feature taken out: a middleware class dropped from MIDDLEWARE and the handler
built again, or a WSGI wrapper left off. Every repeat measures all variants in turn
(`time.process_time()` over `--requests` calls of the WSGI callable); a feature's cost is the
median of the full app less the median without it. Two features are not middleware: the
access line gunicorn writes per request (`access` of the skeleton's `logger_class`, with its
format, through the logging the app configures, timed per call) and the JSON log format (that
line formatted as JSON against the plain format). `minimal_us` is a Django app with one `/health`
view and no middleware, measured the same way in a process of its own. The last line of stdout
is the JSON summary; the log lines go where the skeleton sends them (stdout).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, ClassVar

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Each feature: its name in the report, the middleware it takes out (matched by the end of the
# class's dotted path, so that a skeleton's own subclass of Django's is found too), and the WSGI
# wrappers it leaves off. The authentication and message middleware need the session's: without
# it, all three go.
MIDDLEWARE_FEATURES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("metrics", (".MetricsMiddleware",), ()),
    ("request id", (".RequestIdMiddleware",), ()),
    ("security headers", (".SecurityHeadersMiddleware",), ()),
    ("django security middleware", ("django.middleware.security.SecurityMiddleware",), ()),
    ("problem handlers", (".ProblemResponseMiddleware",), ()),
    ("static files", (".StaticFilesMiddleware",), ()),
    ("size limits", (".BodySizeLimitMiddleware",), ("ChunkedBodyMiddleware",)),
    ("common middleware", (".CommonMiddleware",), ()),
    ("csrf", ("CsrfViewMiddleware",), ()),
    ("messages", ("MessageMiddleware",), ()),
    ("authentication middleware", ("AuthenticationMiddleware",), ()),
    ("sessions", ("SessionMiddleware", "AuthenticationMiddleware", "MessageMiddleware"), ()),
    ("head body", (), ("HeadBodyMiddleware",)),
]
ACCESS_FORMAT_FALLBACK = '%(h)s - "%(r)s" %(s)s'


def health_environ() -> dict[str, Any]:
    """What gunicorn hands the app for `GET /health` from a load balancer on loopback."""
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/health",
        "QUERY_STRING": "",
        "RAW_URI": "/health",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "wrk",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.input_terminated": True,
    }


def run(app: WSGIApp, requests: int) -> float:
    """Microseconds of CPU per request over `requests` calls of `app`."""

    def start_response(status: str, headers: list[tuple[str, str]], *args: Any) -> None:
        if not status.startswith("200"):
            raise RuntimeError(f"/health answered {status}")

    started = time.process_time()
    for _ in range(requests):
        body = app(health_environ(), start_response)
        b"".join(body)
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return (time.process_time() - started) / requests * 1e6


def build_app(without: tuple[str, ...] = (), wrappers_left_off: tuple[str, ...] = ()) -> WSGIApp:
    """The app gunicorn serves, less the middleware `without` and the WSGI wrappers named."""
    from app.core import serving
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    full = list(settings.MIDDLEWARE)
    settings.MIDDLEWARE = [name for name in full if not name.endswith(without)]
    try:
        app: WSGIApp = WSGIHandler()
    finally:
        settings.MIDDLEWARE = full
    for wrapper in ("ChunkedBodyMiddleware", "HeadBodyMiddleware"):  # innermost first
        if wrapper not in wrappers_left_off:
            app = getattr(serving, wrapper)(app)
    return app


def access_logger(json_format: bool) -> tuple[Any, Callable[[], None]]:
    """gunicorn's Logger with the skeleton's settings, after the app configured logging (as in
    a worker), and one call of its `access` for a /health request."""
    from app.core.logging import configure_logging
    from django.conf import settings
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    for name, value in _gunicorn_settings().items():
        config.set(name, value)
    logger = config.logger_class(config)
    configure_logging(settings.LOG_LEVEL, "json" if json_format else "plain")
    response = _Response()
    request = _Request()
    environ = health_environ()

    def access() -> None:
        logger.access(response, request, environ, _ELAPSED)

    return logger, access


_ELAPSED = timedelta(microseconds=800)


class _Response:
    status = "200 OK"
    status_code = 200
    sent = 61
    headers: ClassVar = [("Content-Type", "application/json"), ("Content-Length", "61")]


class _Request:
    headers: ClassVar = [("HOST", "127.0.0.1:8000"), ("USER-AGENT", "wrk")]
    method = "GET"
    path = "/health"
    query = ""
    uri = "/health"
    version = (1, 1)


def _gunicorn_settings() -> dict[str, str]:
    """access_log_format and logger_class as the skeleton's gunicorn.conf.py sets them
    (gunicorn's Logger where it names none)."""
    try:
        import runpy

        conf = runpy.run_path("gunicorn.conf.py")
    except Exception:  # the probe reports, whatever the config does on import
        conf = {}
    settings = {"access_log_format": str(conf.get("access_log_format", ACCESS_FORMAT_FALLBACK))}
    if "logger_class" in conf:
        settings["logger_class"] = str(conf["logger_class"])
    return settings


def time_calls(call: Callable[[], None], requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        call()
    return (time.process_time() - started) / requests * 1e6


def minimal_us(requests: int) -> float:
    """The minimal Django app's CPU per request, in a process of its own (this file, run with
    --minimal: settings are configured once per process)."""
    completed = subprocess.run(
        [sys.executable, __file__, "--minimal", "--requests", str(requests)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(completed.stdout.strip().splitlines()[-1])


def minimal_app() -> WSGIApp:
    """One `/health` view answering the same JSON, no middleware, no apps (as the minimal app
    of benchmarks/health_overhead.py)."""
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="minimal-" * 6,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
    )
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


STARTED = time.monotonic()


def minimal_health(request: Any) -> Any:
    from django.http import JsonResponse

    return JsonResponse({"status": "ok", "uptime": time.monotonic() - STARTED, "version": "0.1.0"})


def __getattr__(name: str) -> Any:
    # The minimal app's URLconf is this module; its patterns are made once Django is set up.
    if name == "urlpatterns":
        from django.urls import path

        return [path("health", minimal_health)]
    raise AttributeError(name)


def measure(requests: int, repeats: int) -> dict[str, Any]:
    """Every variant in every repeat, in turn; medians over the repeats."""
    from app.core.logging import configure_logging
    from django.conf import settings

    variants: dict[str, WSGIApp] = {"full": build_app()}
    hows: dict[str, str] = {}
    for name, without, wrappers in MIDDLEWARE_FEATURES:
        removed = [path for path in settings.MIDDLEWARE if path.endswith(without)]
        if not removed and not wrappers:
            continue  # not in this skeleton
        variants[name] = build_app(without, wrappers)
        hows[name] = " and ".join(
            [f"{path.rsplit('.', 1)[1]} removed" for path in removed]
            + [f"{wrapper} left off" for wrapper in wrappers]
        )
    samples: dict[str, list[float]] = {name: [] for name in [*variants, "minimal"]}
    samples["log json"], samples["log plain"] = [], []
    for _ in range(repeats):
        for name, app in variants.items():
            run(app, requests // 10)  # warm caches after the previous variant
            samples[name].append(run(app, requests))
        samples["minimal"].append(minimal_us(requests))
        for json_format in (True, False):
            _, access = access_logger(json_format)
            key = "log json" if json_format else "log plain"
            samples[key].append(time_calls(access, requests))
        # Back to the skeleton's own format for the next repeat's requests.
        configure_logging(settings.LOG_LEVEL, settings.LOG_FORMAT)
    medians = {name: statistics.median(values) for name, values in samples.items() if values}
    features = [
        {"feature": name, "cost_us": round(medians["full"] - medians[name], 1), "how": hows[name]}
        for name, _, _ in MIDDLEWARE_FEATURES
        if name in variants
    ]
    features.append(
        {
            "feature": "access log",
            "cost_us": round(medians["log json"], 1),
            "how": "logger_class.access per call, skeleton's format, JSON lines, to stdout",
        }
    )
    features.append(
        {
            "feature": "json log format",
            "cost_us": round(medians["log json"] - medians["log plain"], 1),
            "how": "the access line through the JSON formatter less through the plain one",
        }
    )
    return {
        "framework": "django",
        "requests": requests,
        "repeats": repeats,
        "full_us": round(medians["full"], 1),
        "minimal_us": round(medians["minimal"], 1),
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--minimal", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.minimal:
        app = minimal_app()
        run(app, arguments.requests // 10)
        print(run(app, arguments.requests))
        return
    sys.path.insert(0, os.getcwd())
    # As gunicorn.conf.py does before anything imports the app: metrics in multiprocess mode.
    with tempfile.TemporaryDirectory(prefix="metrics-") as metrics:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics
        from config.env import use_environment

        use_environment()
        import django

        django.setup()
        result = measure(arguments.requests, arguments.repeats)
    logging.shutdown()
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
