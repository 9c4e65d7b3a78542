"""What the app asks of its WSGI server: request ids on access lines, chunked bodies read."""

import io
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from gunicorn.glogging import Logger

from app.core.logging import request_id_var
from app.core.middleware import REQUEST_ID_HEADER

__all__ = ["AccessLogger", "ChunkedBodyMiddleware"]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class AccessLogger(Logger):
    """gunicorn writes its access line once the app has returned, outside the request's
    context: tag the line with the id the response carries (`logger_class` in gunicorn.conf.py).
    """

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        header = REQUEST_ID_HEADER.lower()
        request_id = next((value for name, value in resp.headers if name.lower() == header), None)
        token = request_id_var.set(request_id)
        try:
            super().access(resp, req, environ, request_time)
        finally:
            request_id_var.reset(token)


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
