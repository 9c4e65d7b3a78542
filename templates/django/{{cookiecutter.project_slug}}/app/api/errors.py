"""Every error the app can answer with becomes problem+json here, and only here.

DRF calls `exception_handler` for whatever its views raise, expected or not; Django calls the
views below for what goes wrong outside them (`handler400` and friends in config.urls, and
CSRF_FAILURE_VIEW); app.api.middleware re-shapes the error pages Django renders itself in
DEBUG, and answers 413 before a body is read. A 500 says nothing of what went wrong.
"""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.signals import got_request_exception
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponseBase, JsonResponse
from django.utils.log import log_response
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from app.core.exceptions import NotFoundError, ReferenceNotFoundError
from app.core.integrity import FOREIGN_KEY, UNIQUE, violation_of
from app.core.problems import DETAILS, problem_response, status_title

__all__ = [
    "QueryValidationError",
    "bad_request",
    "csrf_failure",
    "exception_handler",
    "page_not_found",
    "permission_denied",
    "problem_for",
    "problem_for_response",
    "server_error",
]

logger = logging.getLogger(__name__)
# The 409s of a write the database refused (app.core.integrity), in every forge skeleton's words.
REFERRED_TO = "Other rows refer to it; delete or change them first."
REFERS_TO_NOTHING = "It refers to a row that does not exist."
BREAKS_A_RULE = "It conflicts with a rule of the database."
{%- if cookiecutter.auth == "jwt" %}

# What a protected operation answers without a valid access token (app.users.authentication).
UNAUTHENTICATED = "Missing or invalid access token."
{%- endif %}


class QueryValidationError(exceptions.ValidationError):
    """Invalid query parameters: the errors name parameters, not places in the body."""


def problem_for(
    exc: Exception, *, allowed_methods: Iterable[str] = (), method: str = ""
) -> JsonResponse | None:
    """The problem response for an expected exception; None for a bug. `method` is the
    request's: what a foreign key's violation means depends on it."""
    match exc:
        case NotFoundError():
            return problem_response(404, str(exc))
        case ReferenceNotFoundError():
            errors = [
                {"pointer": _json_pointer([name]), "detail": text}
                for name, text in exc.messages.items()
            ]
            return problem_response(422, errors=errors)
        case ProtectedError() | RestrictedError():
            # on_delete=PROTECT (or RESTRICT) refused before any SQL ran.
            logger.warning("Delete refused: other rows refer to it")
            return problem_response(409, REFERRED_TO)
        case IntegrityError():
            return problem_response(409, _conflict(exc, method))
        case Http404() | exceptions.NotFound():
            return problem_response(404)
        case QueryValidationError():
            return problem_response(422, errors=list(_errors(exc.detail, "parameter")))
        case exceptions.ValidationError():
            return problem_response(422, errors=list(_errors(exc.detail, "pointer")))
{%- if cookiecutter.auth == "jwt" %}
        case exceptions.NotAuthenticated() | exceptions.AuthenticationFailed():
            return problem_response(401, UNAUTHENTICATED, headers=_headers(exc))
{%- endif %}
        case exceptions.MethodNotAllowed():
            return problem_response(405, headers={"Allow": ", ".join(allowed_methods)})
        case exceptions.APIException():
            return problem_response(
                exc.status_code,
                DETAILS.get(exc.status_code) or str(exc.detail),
                headers=_headers(exc),
            )
        case RequestDataTooBig():
            return problem_response(413)
        case PermissionDenied():
            return problem_response(403, status_title(403))
        case DisallowedHost():
            return problem_response(400, "The Host header names no host this server answers for.")
        case SuspiciousOperation() | BadRequest():
            return problem_response(400, status_title(400))
    return None


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> JsonResponse:
    """DRF's EXCEPTION_HANDLER: everything a view raises, so DEBUG shows no HTML page either."""
    view, request = context.get("view"), context["request"]
    allowed_methods = getattr(view, "allowed_methods", ())
    response = problem_for(exc, allowed_methods=allowed_methods, method=request.method)
    if response is None:
        response = _unhandled(exc, context["request"])
    set_rollback()
    return response


def problem_for_response(response: HttpResponseBase) -> JsonResponse:
    """The problem standing in for an error page Django or a third-party view rendered."""
    status = response.status_code
    detail = DETAILS[status] if status in {404, 405, 413, 500} else status_title(status)
    allow = {"Allow": response["Allow"]} if response.has_header("Allow") else None
    return problem_response(status, detail, headers=allow)


# Django's error views, named in config.urls (and CSRF_FAILURE_VIEW in the settings).


def bad_request(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem_for(exception) or problem_response(400, status_title(400))


def permission_denied(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem_response(403, status_title(403))


def page_not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem_response(404)


def server_error(request: HttpRequest) -> JsonResponse:
    return problem_response(500)


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    return problem_response(403, f"CSRF verification failed. {reason}".strip())


def _unhandled(exc: Exception, request: Any) -> JsonResponse:
    """Logged with its traceback and request id, announced as Django does (error trackers
    listen), and answered with a bare 500."""
    django_request = getattr(request, "_request", request)
    got_request_exception.send(sender=None, request=django_request)
    response = problem_response(500)
    log_response(
        "Unhandled error on %s %s",
        django_request.method,
        django_request.path,
        response=response,
        request=django_request,
        exception=exc,
    )
    return response


def _conflict(exc: IntegrityError, method: str) -> str:
    """The 409's detail for a write the database refused, logged by the rule's name only: a
    value, SQL or the driver's message could hold what the log and the client must not see.
    (The service's transaction has been rolled back already.)"""
    violation = violation_of(exc)
    logger.warning("The database refused a write: %s %s", violation.kind, violation.name or "-")
    if violation.kind == UNIQUE:
        if len(violation.columns) == 1:
            return f"Another row already has this {violation.columns[0]}."
        if violation.columns:
            return f"Another row already has these {', '.join(violation.columns)}."
        return "Another row already has these values."
    if violation.kind == FOREIGN_KEY:
        return REFERRED_TO if method == "DELETE" else REFERS_TO_NOTHING
    return BREAKS_A_RULE


def _headers(exc: exceptions.APIException) -> dict[str, str]:
    headers = {}
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = auth_header
    if wait := getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(wait))
    return headers


def _errors(detail: Any, key: str, path: tuple[str, ...] = ()) -> Iterable[dict[str, str]]:
    """DRF's nested error details, flattened: `{"title": ["..."]}` to one error per message."""
    if isinstance(detail, Mapping):
        for name, nested in detail.items():
            # Errors about the whole object point at the object itself.
            nested_path = path if name == api_settings.NON_FIELD_ERRORS_KEY else (*path, str(name))
            yield from _errors(nested, key, nested_path)
    elif isinstance(detail, list):
        for index, nested in enumerate(detail):
            nested_path = path if isinstance(nested, str) else (*path, str(index))
            yield from _errors(nested, key, nested_path)
    else:
        where = _json_pointer(path) if key == "pointer" else ".".join(path)
        yield {key: where, "detail": str(detail)}


def _json_pointer(path: Iterable[str]) -> str:
    # RFC 6901 escaping, in the URI fragment form the contract shows: "#/title".
    return "#" + "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in path)
