"""Middleware every request passes: its request id, the security headers, and the static files
served beside it."""

import os
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.log import log_response
from whitenoise.middleware import WhiteNoiseMiddleware

from app.core.logging import request_id_var

__all__ = [
    "REQUEST_ID_HEADER",
    "RequestIdMiddleware",
    "SecurityHeadersMiddleware",
    "StaticFilesMiddleware",
    "security_headers",
]

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is trusted only if it cannot break a log line or a header.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# What every response of every forge skeleton carries, whatever answers it.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def security_headers() -> dict[str, str]:
    """SECURITY_HEADERS, and Strict-Transport-Security when HSTS_SECONDS is set."""
    if not settings.HSTS_SECONDS:
        return SECURITY_HEADERS
    return {**SECURITY_HEADERS, "Strict-Transport-Security": f"max-age={settings.HSTS_SECONDS}"}


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

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        for name, value in security_headers().items():
            response[name] = value
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, quiet about a STATIC_ROOT that `collectstatic` has not filled (yet): the
    files then come straight from the installed apps (WHITENOISE_USE_FINDERS)."""

    def add_files(self, root: str, prefix: str | None = None) -> None:
        if self.autorefresh or os.path.isdir(root):
            super().add_files(root, prefix)
