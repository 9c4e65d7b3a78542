"""RFC 9457 problem details: the one shape of every error response."""

from http import HTTPStatus
from typing import Any

from django.http import JsonResponse

__all__ = ["DETAILS", "PROBLEM_MEDIA_TYPE", "problem_response", "status_title"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
# RFC 9110 renamed these; Python 3.11's HTTPStatus still has the old phrases.
RFC9110_TITLES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}
# The same words in every forge skeleton; any other status says its own title.
DETAILS = {
    400: "The request body is not a valid JSON object.",
    404: "The requested resource was not found.",
    405: "The method is not allowed for the requested resource.",
    413: "The request body is too large.",
    415: "The request body must be JSON (Content-Type: application/json).",
    422: "The request did not validate.",
    500: "The server could not complete the request.",
}


def status_title(status: int) -> str:
    return RFC9110_TITLES.get(status) or HTTPStatus(status).phrase


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": status_title(status),
        "status": status,
        "detail": detail or DETAILS.get(status) or status_title(status),
    }
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(
        body,
        status=status,
        headers=headers,
        content_type=PROBLEM_MEDIA_TYPE,
        # Compact and UTF-8, as DRF's JSON renderer writes every other body.
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
