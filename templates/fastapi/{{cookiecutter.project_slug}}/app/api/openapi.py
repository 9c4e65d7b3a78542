"""The OpenAPI document, told the truth about errors: every 4xx and 5xx is problem+json."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from app.core.problems import PROBLEM_MEDIA_TYPE
from app.schemas.problem import Problem

__all__ = ["Responses", "install_openapi", "operation_id"]

# A route's `responses=`, as FastAPI takes them: status code -> OpenAPI response object.
Responses = dict[int | str, dict[str, Any]]

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# FastAPI documents its own validation error shape, which this app never sends.
FASTAPI_ERROR_SCHEMAS = ("HTTPValidationError", "ValidationError")


def operation_id(route: APIRoute) -> str:
    """The endpoint's name (`list_tasks`), not FastAPI's default that appends the path and
    method: generated clients name their functions after it."""
    return route.name


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _with_problems(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _with_problems(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in FASTAPI_ERROR_SCHEMAS:
        schemas.pop(name, None)
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas["Problem"] = problem_schema
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            _document_errors(operation["responses"])
    return document


def _document_errors(responses: dict[str, Any]) -> None:
    # The server refuses any operation's request line over 8190 bytes, and its unknown query
    # parameters.
    responses.setdefault("414", {"description": "The request line is too long"})
    responses.setdefault("422", {"description": "The request did not validate"})
    responses.setdefault("500", {"description": "Internal Server Error"})
    for code, response in responses.items():
        if code.isdigit() and int(code) >= 400 and code != "503":
            response.setdefault("description", "Error")
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}
