"""Middleware every request passes: its request id, and the static files served beside it."""

import os
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.log import log_response
from whitenoise.middleware import WhiteNoiseMiddleware

from app.core.logging import request_id_var

__all__ = ["REQUEST_ID_HEADER", "RequestIdMiddleware", "StaticFilesMiddleware"]

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is trusted only if it cannot break a log line or a header.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Outermost, so that every response carries the id, errors included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else str(uuid.uuid4())
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            # Django logs every 4xx and 5xx once the middleware has returned, outside the
            # request's id: log it here instead, inside (Django then skips its own line).
            if response.status_code >= 400:
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, quiet about a STATIC_ROOT that `collectstatic` has not filled (yet): the
    files then come straight from the installed apps (WHITENOISE_USE_FINDERS)."""

    def add_files(self, root: str, prefix: str | None = None) -> None:
        if self.autorefresh or os.path.isdir(root):
            super().add_files(root, prefix)
