"""Pure ASGI middleware: cheaper than BaseHTTPMiddleware and safe for streaming responses."""

import logging
import re
import time
import uuid
from collections.abc import Sequence

from fastapi.routing import iter_route_contexts
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.logging import request_id_var
from app.core.metrics import UNMATCHED_ROUTE, observe
from app.core.problems import problem_response

__all__ = [
    "REQUEST_ID_HEADER",
    "CORSWithoutRefusalsMiddleware",
    "DeclaredSizeLimitMiddleware",
    "HeadAsGetMiddleware",
    "MetricsMiddleware",
    "RequestIdMiddleware",
    "RequestLineLimitMiddleware",
    "RouteTemplates",
    "SecurityHeadersMiddleware",
    "UnhandledErrorMiddleware",
]

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_KEY = REQUEST_ID_HEADER.lower().encode("latin-1")
# A client's id is trusted only if it cannot break a log line or a header.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# gunicorn's longest request line (`limit_request_line`), which the other skeletons serve with.
MAX_REQUEST_LINE = 8190
# Sent on every answer, errors and docs included, as every forge skeleton does.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

logger = logging.getLogger(__name__)


class MetricsMiddleware:
    """Counts every answer in app/core/metrics.py's metrics, by method, route template and
    status, with the time from the request reaching the app to the end of the answer.

    A thin layer over prometheus-client, not an exporter library: the metrics' names and labels
    must be the same in every forge skeleton, and each exporter names them its own way.
    Requests for `scrape_path` are not counted: scrapes would be much of a quiet service's
    traffic.
    """

    def __init__(self, app: ASGIApp, scrape_path: str) -> None:
        self.app = app
        self.scrape_path = scrape_path
        self.templates: RouteTemplates | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == self.scrape_path:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # The request as it came, to find its route from when it was answered without one:
        # routing changes the scope (a mount moves its root_path).
        received = {
            "type": "http",
            "method": scope["method"],
            "path": scope["path"],
            "root_path": scope.get("root_path", ""),
        }
        # What Starlette's ServerErrorMiddleware, outside this one, answers to an error that
        # escapes before the answer began.
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            if self.templates is None:  # the first request: every router is included by now
                self.templates = RouteTemplates(scope["app"].routes)
            route = self.templates.of(scope.get("route"), received)
            observe(scope["method"], route, status, time.perf_counter() - started)


class RouteTemplates:
    """The template of the route a request matched, as the OpenAPI document writes it
    (`/api/tasks/{task_id}`): never the path itself, which would give every id its own series.

    FastAPI's router leaves the route it chose in `scope["route"]`, but a route of an included
    router knows only its own part of the path (`/tasks/{task_id:int}`); the app's route
    contexts know the whole, and are looked up by that route. Some answers leave no route in
    the scope: HEAD (routed on a copy of the scope, as GET), routes that are not FastAPI's
    (/openapi.json, the docs' assets), the other middleware's refusals (413, 414, CORS
    preflights) and paths no route matches. Only those are matched here again, as the router
    would: the first route whose path and method match, else the first whose path does.
    """

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self.contexts = [
            (context, context.path_format or UNMATCHED_ROUTE)
            for context in iter_route_contexts(routes)
        ]
        # By identity: Starlette's routes compare by value, and so cannot be hashed.
        self.by_route = {
            id(context.original_route): template for context, template in self.contexts
        }

    def of(self, route: BaseRoute | None, request: Scope) -> str:
        if route is not None and (template := self.by_route.get(id(route))):
            return template
        path_only = None
        for context, template in self.contexts:
            match, _ = context.matches(request)
            if match is Match.FULL:
                return template
            if match is Match.PARTIAL and path_only is None:
                path_only = template
        return path_only or UNMATCHED_ROUTE


class RequestIdMiddleware:
    """Gives every request an id, echoes it in the response and exposes it to logging."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = first_header(scope, REQUEST_ID_KEY)
        request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else str(uuid.uuid4())
        header = (REQUEST_ID_KEY, request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = replaced(message, [header])
            await send(message)

        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


class SecurityHeadersMiddleware:
    """Adds SECURITY_HEADERS to every response, and HSTS when `hsts_seconds` is above 0.

    HSTS goes out on plain HTTP too: browsers ignore it there, and behind a TLS-terminating
    proxy the app cannot tell which scheme the client used.
    """

    def __init__(self, app: ASGIApp, hsts_seconds: int = 0) -> None:
        self.app = app
        headers = dict(SECURITY_HEADERS)
        if hsts_seconds > 0:
            headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"
        # Encoded once, as the header pairs ASGI sends, to be put in each answer as they are.
        self.raw_headers = [raw_header(name, value) for name, value in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = replaced(message, self.raw_headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGetMiddleware:
    """Answers HEAD wherever GET is answered: the GET response, without its body.

    FastAPI's routes answer only the methods they declare, and declaring HEAD on each would
    document a `head` operation beside every `get`. Headers, Content-Length included, stay
    those of GET, as HTTP wants.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class UnhandledErrorMiddleware:
    """Turns an unexpected exception into a bare 500 problem and logs it with the request id.

    Starlette's own ServerErrorMiddleware sits outside every user middleware, so a 500 it sends
    would miss the request id header and, in debug, would show the traceback to the client.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("Unhandled error on %s %s", scope["method"], scope["path"])
            if started:
                raise
            response = problem_response(500, "The server could not complete the request.")
            await response(scope, receive, send)


class DeclaredSizeLimitMiddleware:
    """Answers 413 as problem+json when Content-Length already says the body is too large.

    FastAPI's `max_body_size` (set on the API router) catches bodies that grow too large while
    streaming, and those errors reach the app's handlers; but Starlette's limiter answers a
    too-large declared length in plain text itself, so that case is decided here first.
    """

    def __init__(self, app: ASGIApp, max_body_size: int) -> None:
        self.app = app
        self.max_body_size = max_body_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = first_header(scope, b"content-length") if scope["type"] == "http" else ""
        if declared.isdigit() and int(declared) > self.max_body_size:
            response = problem_response(413, "The request body is too large.")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class RequestLineLimitMiddleware:
    """Answers 414 as problem+json for a request line over MAX_REQUEST_LINE bytes.

    uvicorn reads a request line of any length; the other skeletons' server refuses one longer
    than this, and a client must not be able to tell the skeletons apart.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and request_line_length(scope) > MAX_REQUEST_LINE:
            response = problem_response(414, "The request line is too long.")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def first_header(scope: Scope, key: bytes) -> str:
    """The value of the request's first `key` header (a lower-case name, as ASGI gives them),
    or "": what `Headers(scope=scope).get()` answers, without building the Headers."""
    for name, value in scope["headers"]:
        if name == key:
            return str(value.decode("latin-1"))
    return ""


def raw_header(name: str, value: str) -> tuple[bytes, bytes]:
    """A header as the pair an `http.response.start` message carries, its name in lower case
    as Starlette writes it."""
    return name.lower().encode("latin-1"), value.encode("latin-1")


def replaced(message: Message, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The answer's headers with `headers` set, replacing any of the same names a route sent,
    as Starlette's MutableHeaders would set them, without building one for every answer."""
    names = {name for name, _ in headers}
    kept = [header for header in message.get("headers", ()) if header[0].lower() not in names]
    return [*kept, *headers]


def request_line_length(scope: Scope) -> int:
    """`GET /path?query HTTP/1.1`, measured as the client sent it."""
    target = len(scope.get("raw_path") or scope["path"].encode())
    if scope["query_string"]:
        target += 1 + len(scope["query_string"])
    return len(scope["method"]) + 1 + target + len(" HTTP/") + len(scope["http_version"])


class CORSWithoutRefusalsMiddleware(CORSMiddleware):
    """A preflight the CORS settings do not allow is answered without CORS headers.

    The browser then refuses the request itself. Starlette would answer a text/plain 400, the
    one 4xx of the app that is not problem+json; the other skeletons answer like this.
    """

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        return Response(status_code=200, headers={"Vary": "Origin"})
