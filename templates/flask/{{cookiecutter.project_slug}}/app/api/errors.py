"""Every error the app can answer with becomes problem+json here, and only here."""

import logging
from collections.abc import Sequence

from apiflask import APIFlask, HTTPError
from flask import Response, request
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import Headers

from app.api.decorators import UnknownQueryParametersError
{%- if cookiecutter.auth == "jwt" %}
from app.core.exceptions import (
    EmailTakenError,
    InvalidCredentialsError,
    InvalidRefreshTokenError,
    LoginThrottledError,
    NotFoundError,
    PasswordIsEmailError,
    RegistrationClosedError,
    UnknownReferencesError,
    WrongPasswordError,
)
{%- else %}
from app.core.exceptions import NotFoundError, UnknownReferencesError
{%- endif %}
from app.core.integrity import Violation, violation
from app.core.problems import problem_response, status_title
from app.extensions import db

__all__ = ["DETAILS", "integrity_detail", "register_error_handlers"]

logger = logging.getLogger(__name__)

DETAILS = {
    400: "The request body is not a valid JSON object.",
    404: "The requested resource was not found.",
    405: "The method is not allowed for the requested resource.",
    413: "The request body is too large.",
    415: "The request body must be JSON (Content-Type: application/json).",
    422: "The request did not validate.",
    500: "The server could not complete the request.",
}
UNKNOWN_PARAMETER = "Unknown query parameter."
# What a row the database refused is told: which rule, never the values or the SQL.
UNIQUE_TAKEN = "Another row already has {}."
REFERRED_TO = "Other rows refer to it; delete or change them first."
REFERS_TO_NOTHING = "It refers to a row that does not exist."
BROKEN_RULE = "It conflicts with a rule of the database."
{%- if cookiecutter.auth == "jwt" %}
# What the account and token errors say; never which of the address or password was wrong.
EMAIL_TAKEN = "An account with this email address already exists."
REGISTRATION_CLOSED = "Registration is closed."
WRONG_CREDENTIALS = "Wrong email or password."
THROTTLED = "Too many failed logins; try again later."
INVALID_REFRESH_TOKEN = "The refresh token is not valid."  # noqa: S105 (no secret: a message)
WRONG_PASSWORD = "The current password is wrong."  # noqa: S105
PASSWORD_IS_EMAIL = "Password should not be the email address"  # noqa: S105
# RFC 9110: every 401 carries a challenge.
CHALLENGE = {"WWW-Authenticate": "Bearer"}
{%- endif %}


def register_error_handlers(app: APIFlask) -> None:
    # APIFlask hands every HTTP error to one processor: Werkzeug's (404, 405, 413, 500 for an
    # unhandled exception, ...), its own, and the validation errors of `@bp.input`.
    app.error_processor(_http_error)
    app.register_error_handler(NotFoundError, _not_found)
    app.register_error_handler(UnknownReferencesError, _unknown_references)
    app.register_error_handler(UnknownQueryParametersError, _unknown_query_parameters)
    app.register_error_handler(IntegrityError, _integrity_error)
{%- if cookiecutter.auth == "jwt" %}
    app.register_error_handler(EmailTakenError, lambda _: problem_response(409, EMAIL_TAKEN))
    app.register_error_handler(
        RegistrationClosedError, lambda _: problem_response(403, REGISTRATION_CLOSED)
    )
    app.register_error_handler(
        InvalidCredentialsError,
        lambda _: problem_response(401, WRONG_CREDENTIALS, headers=CHALLENGE),
    )
    app.register_error_handler(LoginThrottledError, _throttled)
    app.register_error_handler(
        InvalidRefreshTokenError,
        lambda _: problem_response(401, INVALID_REFRESH_TOKEN, headers=CHALLENGE),
    )
    app.register_error_handler(WrongPasswordError, lambda _: problem_response(403, WRONG_PASSWORD))
    app.register_error_handler(PasswordIsEmailError, _password_is_email)
{%- endif %}


def _http_error(error: HTTPError) -> Response:
    # `@bp.input` raises its validation error from pydantic's, which keeps each error's location.
    if isinstance(error.__cause__, ValidationError):
        location = next(iter(error.detail), "json")
        errors = [_describe(location, item) for item in error.__cause__.errors()]
        return problem_response(422, DETAILS[422], errors=errors)
    headers = Headers(error.headers)
    if "Allow" in headers:  # a 405: Werkzeug lists the methods in no particular order
        headers["Allow"] = _allow(headers["Allow"])
    detail = DETAILS.get(error.status_code) or error.message or status_title(error.status_code)
    return problem_response(error.status_code, detail, headers=headers)


def _not_found(exc: NotFoundError) -> Response:
    return problem_response(404, str(exc))


def _unknown_references(exc: UnknownReferencesError) -> Response:
    """Ids the body sent for other rows that name none: invalid as any field's value is."""
    errors = [
        {"pointer": _json_pointer([field]), "detail": detail}
        for field, detail in exc.details.items()
    ]
    return problem_response(422, DETAILS[422], errors=errors)


def _unknown_query_parameters(exc: UnknownQueryParametersError) -> Response:
    errors = [{"parameter": name, "detail": UNKNOWN_PARAMETER} for name in exc.names]
    return problem_response(422, DETAILS[422], errors=errors)


def _integrity_error(exc: IntegrityError) -> Response:
    """A row the database refused, wherever a request wrote it: a unique value taken, a row
    referred to or referring to none, another constraint. Race-free: no service checks first."""
    db.session.rollback()
    broken = violation(exc.orig)
    on = ", ".join(broken.columns) or broken.name or "unknown"
    logger.warning("The database refused a row: %s constraint on %s", broken.kind, on)
    return problem_response(409, integrity_detail(broken, request.method))


def integrity_detail(broken: Violation, method: str) -> str:
    if broken.kind == "unique":
        if len(broken.columns) == 1:
            return UNIQUE_TAKEN.format("this " + broken.columns[0])
        return UNIQUE_TAKEN.format("these " + (", ".join(broken.columns) or "values"))
    if broken.kind == "foreign_key":
        return REFERRED_TO if method == "DELETE" else REFERS_TO_NOTHING
    return BROKEN_RULE


{% if cookiecutter.auth == "jwt" %}def _throttled(exc: LoginThrottledError) -> Response:
    return problem_response(429, THROTTLED, headers={"Retry-After": str(exc.retry_after)})


def _password_is_email(exc: PasswordIsEmailError) -> Response:
    errors = [{"pointer": _json_pointer([exc.field]), "detail": PASSWORD_IS_EMAIL}]
    return problem_response(422, DETAILS[422], errors=errors)


{% endif %}def _allow(methods: str) -> str:
    """Sorted, so that Allow reads the same in every forge skeleton. OPTIONS is left out: when
    CORS is on it answers preflights, and it is no method of the resource."""
    listed = {method.strip() for method in methods.split(",")} - {"OPTIONS"}
    return ", ".join(sorted(listed))


def _describe(location: str, error: ErrorDetails) -> dict[str, str]:
    if location == "json":
        return {"pointer": _json_pointer(error["loc"]), "detail": error["msg"]}
    # Query models forbid extra fields: a parameter the operation does not declare.
    detail = UNKNOWN_PARAMETER if error["type"] == "extra_forbidden" else error["msg"]
    return {"parameter": str(error["loc"][0]) if error["loc"] else location, "detail": detail}


def _json_pointer(path: Sequence[object]) -> str:
    # RFC 6901 escaping, in the URI fragment form the contract shows: "#/title".
    return "#" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
