"""Every error the app can answer with becomes problem+json here, and only here."""

from collections.abc import Sequence

from apiflask import APIFlask, HTTPError
from flask import Response
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from werkzeug.datastructures import Headers

from app.api.decorators import UnknownQueryParametersError
from app.core.exceptions import NotFoundError
from app.core.problems import problem_response, status_title

__all__ = ["register_error_handlers"]

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


def register_error_handlers(app: APIFlask) -> None:
    # APIFlask hands every HTTP error to one processor: Werkzeug's (404, 405, 413, 500 for an
    # unhandled exception, ...), its own, and the validation errors of `@bp.input`.
    app.error_processor(_http_error)
    app.register_error_handler(NotFoundError, _not_found)
    app.register_error_handler(UnknownQueryParametersError, _unknown_query_parameters)


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


def _unknown_query_parameters(exc: UnknownQueryParametersError) -> Response:
    errors = [{"parameter": name, "detail": UNKNOWN_PARAMETER} for name in exc.names]
    return problem_response(422, DETAILS[422], errors=errors)


def _allow(methods: str) -> str:
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
