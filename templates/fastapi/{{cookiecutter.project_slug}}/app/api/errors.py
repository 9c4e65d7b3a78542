"""Every error the app can answer with becomes problem+json here, and only here."""

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException
from starlette.routing import Match
{%- if cookiecutter.auth == "jwt" %}

from app.core.exceptions import (
    DomainError,
    EmailTakenError,
    InvalidCredentialsError,
    InvalidRefreshTokenError,
    LoginThrottledError,
    NotFoundError,
    PasswordIsEmailError,
    UnknownReferencesError,
    WrongPasswordError,
)
{%- else %}

from app.core.exceptions import NotFoundError, UnknownReferencesError
{%- endif %}
from app.core.integrity import Rule, Violation, violation_of
from app.core.problems import problem_response

__all__ = ["register_error_handlers"]

logger = logging.getLogger(__name__)

# The methods routes declare; HEAD is answered wherever GET is (HeadAsGetMiddleware).
METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")
UNKNOWN_PARAMETER = "Unknown query parameter."
DETAILS = {
    400: "The request body is not a valid JSON object.",
    404: "The requested resource was not found.",
    405: "The method is not allowed for the requested resource.",
    413: "The request body is too large.",
    415: "The request body must be JSON (Content-Type: application/json).",
    422: "The request did not validate.",
}
# What a change the database refused (409) conflicts with; never a value, nor SQL.
REFERRED_TO = "Other rows refer to it; delete or change them first."
REFERS_TO_NOTHING = "It refers to a row that does not exist."
BREAKS_A_RULE = "It conflicts with a rule of the database."
{%- if cookiecutter.auth == "jwt" %}
# Identity's domain errors: the status and detail of each. Every 401 carries a challenge.
IDENTITY_ERRORS: dict[type[DomainError], tuple[int, str]] = {
    EmailTakenError: (409, "A user with this email address already exists."),
    InvalidCredentialsError: (401, "Wrong email or password."),
    InvalidRefreshTokenError: (401, "The refresh token is not valid."),
    LoginThrottledError: (429, "Too many failed logins; try again later."),
    WrongPasswordError: (403, "The current password is wrong."),
}
NOT_THE_EMAIL = "Password should not be the email address"
{%- endif %}


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(UnknownReferencesError, _unknown_references)
    app.add_exception_handler(IntegrityError, _integrity_error)
{%- if cookiecutter.auth == "jwt" %}
    for error in IDENTITY_ERRORS:
        app.add_exception_handler(error, _identity_error)
    app.add_exception_handler(PasswordIsEmailError, _password_is_email)
{%- endif %}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    detail = DETAILS.get(exc.status_code) or str(exc.detail)
    return problem_response(exc.status_code, detail, headers=headers)


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(404, str(exc))


async def _unknown_references(request: Request, exc: Exception) -> JSONResponse:
    """Ids the body sent for other rows that name none: invalid as any field's value is."""
    assert isinstance(exc, UnknownReferencesError)
    errors = [
        {"pointer": _json_pointer([field]), "detail": detail}
        for field, detail in exc.details.items()
    ]
    return problem_response(422, DETAILS[422], errors=errors)


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    """A change the database refused, wherever a request made it (the session it came from is
    rolled back as its dependency ends): a unique value taken, a row still referred to or
    referring to none, a CHECK or NOT NULL broken."""
    assert isinstance(exc, IntegrityError)
    violation = violation_of(exc)
    logger.warning(
        "The database refused the change: %s rule %s", violation.rule, violation.name or "unknown"
    )
    return problem_response(409, _conflict_detail(violation, request.method))


def _conflict_detail(violation: Violation, method: str) -> str:
    if violation.rule is Rule.UNIQUE:
        if len(violation.columns) == 1:
            return f"Another row already has this {violation.columns[0]}."
        if violation.columns:
            return f"Another row already has these {', '.join(violation.columns)}."
        return "Another row already has these values."
    if violation.rule is Rule.FOREIGN_KEY:
        return REFERRED_TO if method == "DELETE" else REFERS_TO_NOTHING
    return BREAKS_A_RULE


{% if cookiecutter.auth == "jwt" -%}
async def _identity_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status, detail = IDENTITY_ERRORS[type(exc)]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if isinstance(exc, LoginThrottledError):
        headers["Retry-After"] = str(exc.retry_after)
    return problem_response(status, detail, headers=headers)


async def _password_is_email(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PasswordIsEmailError)
    errors = [{"pointer": _json_pointer([exc.field]), "detail": NOT_THE_EMAIL}]
    return problem_response(422, DETAILS[422], errors=errors)


{% endif -%}
async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    # An error about the body as a whole means it is not JSON, or not an object: a 400.
    if any(_is_whole_body_error(error) for error in errors):
        return problem_response(400, DETAILS[400])
    return problem_response(422, DETAILS[422], errors=[_describe(error) for error in errors])


def _is_whole_body_error(error: dict[str, Any]) -> bool:
    loc = tuple(error.get("loc", ()))
    return error.get("type") == "json_invalid" or loc == ("body",)


def _describe(error: dict[str, Any]) -> dict[str, str]:
    source, *path = error["loc"]
    if source == "body":
        return {"pointer": _json_pointer(path), "detail": error["msg"]}
    # Query models forbid extra fields: a parameter the operation does not declare.
    detail = UNKNOWN_PARAMETER if error["type"] == "extra_forbidden" else error["msg"]
    return {"parameter": str(path[0]) if path else str(source), "detail": detail}


def _json_pointer(path: Sequence[object]) -> str:
    # RFC 6901 escaping, in the URI fragment form the contract shows: "#/title".
    return "#" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _allowed_methods(request: Request) -> list[str]:
    """Starlette's 405 names only the first route that matched the path; ask every route.
    Sorted, so that Allow reads the same in every forge skeleton."""
    routes = request.app.router.routes
    allowed = {
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    }
    if "GET" in allowed:
        allowed.add("HEAD")
    return sorted(allowed)
