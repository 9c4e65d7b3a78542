"""Middleware every request passes: its metrics, its request id, the security headers, and the
static files served beside it."""

import os
import re
import time
import uuid
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, ResolverMatch, resolve
from whitenoise.middleware import WhiteNoiseMiddleware

from app.core.logging import request_id_var
from app.core.metrics import UNMATCHED_ROUTE, observe, route_template

__all__ = [
    "METRICS_ROUTE",
    "REQUEST_ID_HEADER",
    "MetricsMiddleware",
    "RequestIdMiddleware",
    "SecurityHeadersMiddleware",
    "StaticFilesMiddleware",
    "forget_request_id",
    "security_headers",
]

REQUEST_ID_HEADER = "X-Request-ID"
# The same header as WSGI hands it over: read from `request.META` directly, as
# `request.headers` builds a dict of every header on first use.
REQUEST_ID_META = "HTTP_X_REQUEST_ID"
# A client's id is trusted only if it cannot break a log line or a header.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# What every response of every forge skeleton carries, whatever answers it.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Not counted: scrapes would be a large share of a quiet service's traffic (app.health.urls).
METRICS_ROUTE = "/metrics"
# A named group of a route written as a regular expression: `(?P<app_label>auth|tasks)`.
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^()]*\)")


def security_headers() -> dict[str, str]:
    """SECURITY_HEADERS, and Strict-Transport-Security when HSTS_SECONDS is set."""
    if not settings.HSTS_SECONDS:
        return SECURITY_HEADERS
    return {**SECURITY_HEADERS, "Strict-Transport-Security": f"max-age={settings.HSTS_SECONDS}"}


class MetricsMiddleware:
    """Outermost, so that every answer is counted with the status that leaves: the 413 and the
    problems the middleware inside make, and the 500 Django makes of an unhandled error.

    The names and labels must be identical in every forge skeleton, so that one dashboard
    serves them all: that is why this is a thin layer over prometheus-client (app.core.metrics)
    rather than an exporter such as django-prometheus, which names and labels them its own way.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL
        self.static_route = settings.STATIC_URL + "{path}"

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        route = self.route_of(request, response.status_code)
        if route != METRICS_ROUTE:
            observe(request.method or "", route, response.status_code, seconds)
        return response

    def route_of(self, request: HttpRequest, status: int) -> str:
        """The template of the route the request reached, as the OpenAPI document writes it
        (`/api/tasks/{task_id}`), errors the route answered included; never the raw path."""
        match = request.resolver_match
        if match is None and status != 404:
            # Answered before Django resolved the path: by WhiteNoise (a static file) or by a
            # middleware (a 413, a CORS preflight, a redirect to HTTPS, an unknown host's 400).
            if request.path_info.startswith(self.static_prefix):
                return self.static_route
            match = _resolved(request)
        return UNMATCHED_ROUTE if match is None else _template(match.route)


def _resolved(request: HttpRequest) -> ResolverMatch | None:
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None


@lru_cache(maxsize=256)
def _template(route: str) -> str:
    """Django's `tasks/<int:task_id>` as `/tasks/{task_id}`, worked out once per route. A
    route written as a regular expression (re_path, as some of the admin's are) reads the
    same way: `admin/(?P<app_label>auth|tasks)/$` as `/admin/{app_label}/`."""
    readable = REGEX_GROUP.sub(r"<\1>", route).replace("^", "").replace("$", "")
    return route_template(f"/{readable}")


class RequestIdMiddleware:
    """Outermost (but for the metrics), so that every response carries the id, errors included.

    The id tags every log line until the server has closed the response (Django's
    `request_finished`), not only until this middleware returns: Django logs a 4xx or 5xx
    after the middleware, and the server (runserver, gunicorn) logs its line for the request
    once the body is sent, before it closes the response. Those lines carry the id too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        request_finished.connect(forget_request_id, dispatch_uid=forget_request_id.__name__)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        offered = request.META.get(REQUEST_ID_META, "")
        request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else str(uuid.uuid4())
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def forget_request_id(**kwargs: object) -> None:
    """The request is over: what its thread logs next belongs to no request."""
    request_id_var.set(None)


class SecurityHeadersMiddleware:
    """Just inside the request id, so that every response carries the security headers, with
    the contract's values: the 413 answered before a view, static files, CORS preflights and
    Swagger UI (whose view asks for a looser Cross-Origin-Opener-Policy, for OAuth pop-ups this
    API has none of) included.

    Django's SecurityMiddleware, which stays for SECURE_SSL_REDIRECT, sends the first three
    too; its HSTS goes only on requests that reached Django over HTTPS, so a proxy ending TLS
    in front would have to add it. Browsers ignore HSTS over plain HTTP: it is sent on every
    response here. XFrameOptionsMiddleware, which this one replaces, only saw what the views
    answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        # Settings do not change while the app runs: the headers are worked out once.
        self.headers = security_headers().items()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        for name, value in self.headers:
            response[name] = value
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, quiet about a STATIC_ROOT that `collectstatic` has not filled (yet): the
    files then come straight from the installed apps (WHITENOISE_USE_FINDERS)."""

    def add_files(self, root: str, prefix: str | None = None) -> None:
        if self.autorefresh or os.path.isdir(root):
            super().add_files(root, prefix)
