"""What the app asks of its WSGI server: chunked bodies read, HEAD answered without a body,
its own refusals in the API's error shape and no `Server` header naming it (its access line:
app.core.access_log)."""

import io
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from gunicorn import util
from gunicorn.http import wsgi

from app.core.middleware import REQUEST_ID_HEADER, security_headers
from app.core.problems import PROBLEM_MEDIA_TYPE, status_title

__all__ = [
    "ChunkedBodyMiddleware",
    "HeadBodyMiddleware",
    "answer_refusals_as_problems",
    "drop_server_header",
    "write_problem",
]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

REFUSAL_DETAILS = {
    400: "The request is malformed.",
    403: "The request is forbidden.",
    414: "The request line is too long.",
    431: "The request's header fields are too large.",
    501: "The request's transfer coding is not supported.",
}
UNSPECIFIED = "The server could not complete the request."


class ChunkedBodyMiddleware:
    """Django reads a body only as far as Content-Length says, so a chunked one (no length)
    would arrive empty. When the server has de-chunked it (`wsgi.input_terminated`, as gunicorn
    does), read it here, at most one byte past MAX_BODY_SIZE, and hand Django a body of known
    length: the body size middleware then answers 413 for one too large.
    """

    def __init__(self, application: WSGIApp) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and "CONTENT_LENGTH" not in environ and environ.get("wsgi.input_terminated"):
            body = environ["wsgi.input"].read(settings.MAX_BODY_SIZE + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.application(environ, start_response)


class HeadBodyMiddleware:
    """Django answers HEAD with GET's view, body included, and leaves dropping the body to the
    server; gunicorn drops it, but logs a warning each time (a load balancer's HEAD probe
    would fill the logs). Dropped here instead: the status and headers stay GET's, the
    Content-Length too, as RFC 9110 allows.
    """

    def __init__(self, application: WSGIApp) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        response = self.application(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return response
        return _Emptied(response)


class _Emptied:
    """No body, and the response closed when the server closes this (Django ends the request
    there, after the server has logged it)."""

    def __init__(self, response: Iterable[bytes]) -> None:
        self.response = response

    def __iter__(self) -> Iterator[bytes]:
        return iter(())

    def close(self) -> None:
        close = getattr(self.response, "close", None)
        if close is not None:
            close()


def write_problem(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """`gunicorn.util.write_error`'s signature. `mesg` can echo the refused request: gunicorn
    logs it; the client gets a fixed detail."""
    body = json.dumps(
        {
            "type": "about:blank",
            "title": status_title(status_int),
            "status": status_int,
            "detail": REFUSAL_DETAILS.get(status_int, UNSPECIFIED),
        }
    ).encode()
    headers = {
        "Connection": "close",
        "Content-Type": PROBLEM_MEDIA_TYPE,
        "Content-Length": str(len(body)),
        REQUEST_ID_HEADER: str(uuid.uuid4()),
        # Django never sees this request: its middleware adds these to every other response.
        **security_headers(),
    }
    head = f"HTTP/1.1 {status_int} {reason}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    util.write_nonblock(sock, head.encode("latin-1") + body)


def answer_refusals_as_problems() -> None:
    """gunicorn refuses some requests before the app sees them (a request line longer than
    `limit_request_line`, too many or too large header fields, a malformed request) with a
    small HTML page; every error of this API is problem+json with an X-Request-ID. gunicorn has
    no setting for its error pages: its workers call `util.write_error`."""
    util.write_error = write_problem


def drop_server_header() -> None:
    """gunicorn names itself in a `Server` header on every response it writes for the app, and
    has no setting to stop it; no answer of this API names the software that serves it."""
    default_headers = wsgi.Response.default_headers

    def without_server(self: wsgi.Response) -> list[str]:
        return [line for line in default_headers(self) if not line.startswith("Server:")]

    wsgi.Response.default_headers = without_server  # type: ignore[method-assign]
