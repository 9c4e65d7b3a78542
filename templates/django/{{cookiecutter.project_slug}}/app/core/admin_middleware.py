"""The admin's middleware, run for the admin's requests only (ADMIN_URL).

A module of its own: Django's middleware imported here need the apps loaded, and
app.core.middleware is imported before they are (config.wsgi, by way of app.core.serving)."""

from collections.abc import Awaitable, Callable

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponseBase
from django.utils.deprecation import MiddlewareMixin

__all__ = ["AdminAuthenticationMiddleware", "AdminMessageMiddleware", "AdminSessionMiddleware"]


class _AdminOnly(MiddlewareMixin):
    """Runs the middleware it is mixed into for the admin's requests only (ADMIN_URL), and
    passes every other request straight on.

    The admin needs sessions, a signed-in user and messages (its system checks ask for these
    middleware, or subclasses of them: admin.E408, E409, E410); the API, the health checks and
    the documents use none of them (bearer tokens, no cookies). Run on every request, the three
    took about a sixth of the CPU a /health request costs, for nothing. Django calls a
    middleware's `process_view` too, apart from `__call__`: these three have none.
    CsrfViewMiddleware stays on every request: it guards any form view a project adds outside
    the admin, and costs little on the API's views, which are exempt."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        super().__init__(get_response)
        self.admin_prefix = f"/{settings.ADMIN_URL}"

    # Awaitable under ASGI: Django then hands this an async `get_response`, and what either
    # returns is awaited by the middleware outside.
    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if request.path_info.startswith(self.admin_prefix):
            return super().__call__(request)
        return self.get_response(request)


class AdminSessionMiddleware(_AdminOnly, SessionMiddleware):
    """Django's SessionMiddleware, for the admin's requests only."""


class AdminAuthenticationMiddleware(_AdminOnly, AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, for the admin's requests only."""


class AdminMessageMiddleware(_AdminOnly, MessageMiddleware):
    """Django's MessageMiddleware, for the admin's requests only."""
