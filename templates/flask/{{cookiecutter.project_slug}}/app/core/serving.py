"""gunicorn's own refusals in the API's one error shape.

gunicorn refuses some requests before the app sees them (a request line longer than
`limit_request_line`, too many or too large header fields, a malformed request) and answers
them with a small HTML page. Every error of this API is problem+json with an X-Request-ID, so
`answer_refusals_as_problems()` (called in gunicorn.conf.py) has gunicorn write those instead.
"""

import json
import uuid
from typing import Any

from gunicorn import util

from app.core.middleware import REQUEST_ID_HEADER
from app.core.problems import PROBLEM_MEDIA_TYPE, status_title

__all__ = ["answer_refusals_as_problems", "write_problem"]

DETAILS = {
    400: "The request is malformed.",
    403: "The request is forbidden.",
    414: "The request line is too long.",
    431: "The request's header fields are too large.",
    501: "The request's transfer coding is not supported.",
}
UNSPECIFIED = "The server could not complete the request."


def write_problem(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """`gunicorn.util.write_error`'s signature. `mesg` can echo the refused request: gunicorn
    logs it; the client gets a fixed detail."""
    body = json.dumps(
        {
            "type": "about:blank",
            "title": status_title(status_int),
            "status": status_int,
            "detail": DETAILS.get(status_int, UNSPECIFIED),
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM_MEDIA_TYPE}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"{REQUEST_ID_HEADER}: {uuid.uuid4()}\r\n"
        "\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


def answer_refusals_as_problems() -> None:
    # gunicorn has no setting for its error pages; its workers call `util.write_error`.
    util.write_error = write_problem
