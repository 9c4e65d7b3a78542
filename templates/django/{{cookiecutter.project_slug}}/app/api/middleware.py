"""Errors decided before a view runs, or rendered where no exception handler sees them."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from app.api.errors import problem_for_response
from app.api.parsers import is_json
from app.core.problems import problem_response

__all__ = ["BodySizeLimitMiddleware", "ProblemResponseMiddleware"]

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class BodySizeLimitMiddleware:
    """A body declared larger than MAX_BODY_SIZE is a 413 before anything reads it. Chunked
    bodies get a length from app.core.serving.ChunkedBodyMiddleware first."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        declared = request.META.get("CONTENT_LENGTH", "")
        if declared.isdigit() and int(declared) > settings.MAX_BODY_SIZE:
            return problem_response(413)
        return self.get_response(request)


class ProblemResponseMiddleware:
    """Error pages that come from no exception handler leave as problem+json too: Django's
    DEBUG pages (its 404 for an unknown path, its 500 for an error in a middleware), a static
    file's 405, the admin's own errors. (In production Django calls config.urls' handlers.)
    JSON answers are the app's own: problems already, or readiness's 503."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code < 400 or is_json(response.get("Content-Type", "")):
            return response
        return problem_for_response(response)
