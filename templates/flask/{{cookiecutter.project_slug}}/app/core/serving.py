"""gunicorn's own answers in the API's ways.

gunicorn refuses some requests before the app sees them (a request line longer than
`limit_request_line`, too many or too large header fields, a malformed request) and answers
them with a small HTML page. Every error of this API is problem+json with an X-Request-ID and
the security headers, so `answer_refusals_as_problems()` has gunicorn write those instead. And
gunicorn names itself in a Server header on every response, which `drop_server_header()`
stops. gunicorn has a setting for neither: both are called from gunicorn.conf.py.
"""

import json
import uuid
from functools import partial
from typing import Any

from gunicorn import util
from gunicorn.http import wsgi

from app.core.middleware import REQUEST_ID_HEADER, security_headers
from app.core.problems import PROBLEM_MEDIA_TYPE, status_title

__all__ = [
    "answer_refusals_as_problems",
    "default_headers_without_server",
    "drop_server_header",
    "write_problem",
]

DETAILS = {
    400: "The request is malformed.",
    403: "The request is forbidden.",
    414: "The request line is too long.",
    431: "The request's header fields are too large.",
    501: "The request's transfer coding is not supported.",
}
UNSPECIFIED = "The server could not complete the request."
GUNICORN_DEFAULT_HEADERS = wsgi.Response.default_headers


def write_problem(
    sock: Any, status_int: int, reason: str, mesg: str, *, hsts_seconds: int = 0
) -> None:
    """`gunicorn.util.write_error`'s signature, and the HSTS_SECONDS setting. `mesg` can echo
    the refused request: gunicorn logs it; the client gets a fixed detail."""
    body = json.dumps(
        {
            "type": "about:blank",
            "title": status_title(status_int),
            "status": status_int,
            "detail": DETAILS.get(status_int, UNSPECIFIED),
        }
    ).encode()
    headers = {
        "Connection": "close",
        "Content-Type": PROBLEM_MEDIA_TYPE,
        "Content-Length": str(len(body)),
        REQUEST_ID_HEADER: str(uuid.uuid4()),
        **security_headers(hsts_seconds),
    }
    head = f"HTTP/1.1 {status_int} {reason}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    util.write_nonblock(sock, head.encode("latin-1") + body)


def default_headers_without_server(self: wsgi.Response) -> list[str]:
    """`gunicorn.http.wsgi.Response.default_headers`, less its `Server: gunicorn` line."""
    return [
        line for line in GUNICORN_DEFAULT_HEADERS(self) if not line.lower().startswith("server:")
    ]


def answer_refusals_as_problems(hsts_seconds: int) -> None:
    # Workers call `util.write_error` for the requests they refuse.
    util.write_error = partial(write_problem, hsts_seconds=hsts_seconds)


def drop_server_header() -> None:
    # Workers start every response with `Response.default_headers`.
    wsgi.Response.default_headers = default_headers_without_server  # type: ignore[method-assign]
