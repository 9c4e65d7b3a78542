"""WSGI middleware, and request hooks, that apply to every request, whatever its route."""

import io
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import ClosingIterator, get_content_length

from app.core.logging import request_id_var

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "REQUEST_ID_HEADER",
    "SECURITY_HEADERS",
    "BodySizeLimitMiddleware",
    "RefuseDeclaredOversize",
    "RequestIdMiddleware",
    "security_headers",
]

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is trusted only if it cannot break a log line or a header.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Sent on every answer, errors and docs included, as every forge skeleton does.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class RequestIdMiddleware:
    """Gives every request an id, echoes it in the response and exposes it to logging until the
    server closes the response: servers log a request's line while they send it, after the app
    has returned (Werkzeug's development server does), and that line names the id too.

    Every answer's headers go through it, so it also adds `headers`, those every answer
    carries (the security headers, `security_headers`), in the same pass over them: one
    wrapper of `start_response` for both, instead of an `after_request` hook editing each
    response's Headers. Each replaces any header of its name the app set.
    """

    def __init__(self, app: "WSGIApplication", headers: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.headers = list((headers or {}).items())
        # Compared lower-cased: header names are case-insensitive.
        self.replaced = frozenset(name.lower() for name in [*(headers or {}), REQUEST_ID_HEADER])

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> ClosingIterator:
        offered = environ.get("HTTP_X_REQUEST_ID")
        request_id = (
            offered if offered and SANE_REQUEST_ID.fullmatch(offered) else str(uuid.uuid4())
        )
        added = [*self.headers, (REQUEST_ID_HEADER, request_id)]
        replaced = self.replaced

        def start_with_id(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(name, value) for name, value in headers if name.lower() not in replaced]
            return start_response(status, kept + added, exc_info)

        token = request_id_var.set(request_id)
        try:
            body = self.app(environ, start_with_id)
        except BaseException:
            request_id_var.reset(token)
            raise
        # WSGI servers close the body once it is sent, whether or not the client stayed.
        return ClosingIterator(body, lambda: request_id_var.reset(token))


class BodySizeLimitMiddleware:
    """Makes reading more than `max_body_size` bytes of a body raise 413 (RequestEntityTooLarge).

    This also covers bodies streamed without a Content-Length, which Flask's MAX_CONTENT_LENGTH
    would cut short silently at the limit (a truncated body, then a misleading 400).
    `refuse_declared_oversize` decides the case of a too large Content-Length up front.
    """

    def __init__(self, app: "WSGIApplication", max_body_size: int) -> None:
        self.app = app
        self.max_body_size = max_body_size

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        environ["wsgi.input"] = _CappedBody(environ["wsgi.input"], self.max_body_size)
        return self.app(environ, start_response)


class _CappedBody(io.RawIOBase):
    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise RequestEntityTooLarge()
        buffer[: len(data)] = data
        return len(data)


class RefuseDeclaredOversize:
    """A `before_request` hook: 413 when Content-Length already says the body is too large,
    before any view runs, so that every path answers alike, whether or not it reads a body.
    The limit is read from the settings once, when the app is built."""

    def __init__(self, max_body_size: int) -> None:
        self.max_body_size = max_body_size

    def __call__(self) -> None:
        declared = get_content_length(request.environ)
        if declared is not None and declared > self.max_body_size:
            raise RequestEntityTooLarge()


def security_headers(hsts_seconds: int) -> dict[str, str]:
    """SECURITY_HEADERS, and HSTS when `hsts_seconds` is above 0.

    HSTS goes out on plain HTTP too: browsers ignore it there, and behind a TLS-terminating
    proxy the app cannot tell which scheme the client used.
    """
    headers = dict(SECURITY_HEADERS)
    if hsts_seconds > 0:
        headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"
    return headers
