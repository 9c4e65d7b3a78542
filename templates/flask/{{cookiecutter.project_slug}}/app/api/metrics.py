"""GET /metrics, and the recording of every other request into it.

The metrics themselves are app.core.metrics, the same module in every forge skeleton: a thin
middleware over prometheus-client rather than a Flask exporter library, because the metrics'
names and labels must be identical in the three skeletons, and each exporter names them its own
way. This module is only what is Flask's: which route a request matched, and where to count it.
"""

import time
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Rule

from app.core.metrics import CONTENT_TYPE, UNMATCHED_ROUTE, exposition, observe, route_template

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["METRICS_PATH", "ROUTE_KEY", "MetricsMiddleware", "bp", "note_route"]

METRICS_PATH = "/metrics"
# Where the route a request matched waits for the middleware, in the request's environ.
ROUTE_KEY = "app.metrics.route"
# What gunicorn answers when an error escapes the app, before any status was set.
ESCAPED_ERROR_STATUS = 500

# A plain Flask blueprint: APIFlask documents only its own (APIBlueprint), and /metrics is no
# operation of the API. Nor is it behind a token: scrapers have none, so it must be kept off
# the public ingress instead (README, "Metrics").
bp = Blueprint("metrics", __name__)


@bp.get(METRICS_PATH)
def serve_metrics() -> Response:
    return Response(exposition(), content_type=CONTENT_TYPE)


class MetricsMiddleware:
    """Counts and times every answer but those of /metrics itself (a scrape every few seconds
    would be a good part of a quiet service's traffic).

    It wraps all the other middleware, so that it counts the status a client really got (a 413
    of the body size limit, a 500 of an error nothing handled) and times the request from its
    arrival. The route is the one Flask matched, which `note_route` leaves in the environ: no
    second matching per request.
    """

    def __init__(self, wsgi_app: "WSGIApplication") -> None:
        self.wsgi_app = wsgi_app

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        status = ESCAPED_ERROR_STATUS

        def start_noting_status(
            status_line: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            nonlocal status
            status = int(status_line.split(" ", 1)[0])
            return start_response(status_line, headers, exc_info)

        try:
            return self.wsgi_app(environ, start_noting_status)
        finally:
            route = environ.get(ROUTE_KEY, UNMATCHED_ROUTE)
            if route != METRICS_PATH:
                observe(environ["REQUEST_METHOD"], route, status, time.perf_counter() - started)


def note_route(error: BaseException | None) -> None:
    """A `teardown_request` hook, which Flask runs for every request whatever became of it (a
    404, a 405, an error), before the middleware counts it: the template of the matched route."""
    rule = request.url_rule
    if rule is None and isinstance(request.routing_exception, MethodNotAllowed):
        rule = _rule_for_another_method(request.routing_exception)
    request.environ[ROUTE_KEY] = _template(rule.rule) if rule is not None else UNMATCHED_ROUTE


def _rule_for_another_method(refusal: MethodNotAllowed) -> Rule | None:
    """The route of a 405: Werkzeug says which methods the path allows but not which rule the
    path matched, so match it again with one of them (for 405s only)."""
    adapter = current_app.create_url_adapter(request)
    allowed = next(iter(refusal.valid_methods or ()), None)
    if adapter is None or allowed is None:
        return None
    try:
        rule, _ = adapter.match(method=allowed, return_rule=True)
    except HTTPException:
        return None
    return rule


@cache  # one entry per rule of the app, a set of its own size
def _template(rule: str) -> str:
    return route_template(rule)
