"""RFC 9457 problem details: the one shape of every error response."""

from http import HTTPStatus
from typing import Any

from flask import Response, jsonify
from werkzeug.datastructures import Headers

__all__ = ["PROBLEM_MEDIA_TYPE", "problem_response", "status_title"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
# RFC 9110 renamed these; Python 3.11's HTTPStatus still has the old phrases.
RFC9110_TITLES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}


def status_title(status: int) -> str:
    return RFC9110_TITLES.get(status) or HTTPStatus(status).phrase


def problem_response(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: Headers | dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": status_title(status),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_MEDIA_TYPE
    response.headers.update(headers or {})
    return response
