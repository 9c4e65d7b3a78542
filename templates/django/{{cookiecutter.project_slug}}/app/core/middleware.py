"""Middleware every request passes: its request id, the security headers, and the static files
served beside it."""

import os
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponseBase
from whitenoise.middleware import WhiteNoiseMiddleware

from app.core.logging import request_id_var

__all__ = [
    "REQUEST_ID_HEADER",
    "RequestIdMiddleware",
    "SecurityHeadersMiddleware",
    "StaticFilesMiddleware",
    "forget_request_id",
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
    """Outermost, so that every response carries the id, errors included.

    The id tags every log line until the server has closed the response (Django's
    `request_finished`), not only until this middleware returns: Django logs a 4xx or 5xx
    after the middleware, and the server (runserver, gunicorn) logs its line for the request
    once the body is sent, before it closes the response. Those lines carry the id too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        request_finished.connect(forget_request_id, dispatch_uid=forget_request_id.__name__)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
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
