"""The OpenAPI document, told the truth about errors, and the docs page's assets, served locally.

APIFlask builds the document from the views' `@bp.input`/`@bp.output`/`@bp.doc` and serves it at
/openapi.json, with Swagger UI at /docs. Here its error responses become problem+json, and the
Swagger UI files come from the installed flask-swagger-ui package instead of a CDN.
"""

import re
from importlib.resources import files
from typing import Any

from apiflask import APIFlask
from flask import Blueprint

from app.core.problems import PROBLEM_MEDIA_TYPE
from app.schemas.problem import Problem

__all__ = ["install_openapi"]

SCHEMAS = "#/components/schemas/"
PROBLEM_REF = {"$ref": f"{SCHEMAS}Problem"}
# APIFlask documents its own error shapes, which this app never sends.
APIFLASK_ERROR_SCHEMAS = ("HTTPError", "ValidationError")
# APIFlask names a model's nested models "Parent.Child"; each is its own component here.
NESTED_REF = re.compile(rf"^{SCHEMAS}[^/]+\.([^./]+)$")
DOCS_ASSETS = "/docs/assets"


def install_openapi(app: APIFlask) -> None:
    app.config.update(
        AUTO_SERVERS=False,
        # Each view names its operation and tags it (`@bp.doc(operation_id=..., tags=...)`):
        # generated clients name their functions and modules after them. Blueprint tags would
        # also list every tag at the top of the document, which the contract's does not.
        AUTO_TAGS=False,
        DOCS_FAVICON=f"{DOCS_ASSETS}/favicon-32x32.png",
        SWAGGER_UI_CSS=f"{DOCS_ASSETS}/swagger-ui.css",
        SWAGGER_UI_BUNDLE_JS=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        SWAGGER_UI_STANDALONE_PRESET_JS=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
    )
    assets = Blueprint(
        "docs_assets",
        __name__,
        static_folder=str(files("flask_swagger_ui") / "dist"),
        static_url_path=DOCS_ASSETS,
    )
    app.register_blueprint(assets)
    app.spec_processor(_process)


def _process(document: dict[str, Any] | str) -> dict[str, Any] | str:
    # APIFlask hands the processor the document as a dict; only after it would YAML be a str.
    return _with_problems(document) if isinstance(document, dict) else document


def _with_problems(document: dict[str, Any]) -> dict[str, Any]:
    # APIFlask writes the top-level `tags` and each operation's `parameters` even when they are
    # empty lists, and has no setting to leave them out: an empty list says nothing.
    if not document.get("tags", True):
        del document["tags"]
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in APIFLASK_ERROR_SCHEMAS:
        schemas.pop(name, None)
    for name in [name for name in schemas if "." in name]:
        schemas.setdefault(name.rsplit(".", 1)[1], schemas.pop(name))
    problem_schema = Problem.model_json_schema(ref_template=SCHEMAS + "{model}")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas["Problem"] = problem_schema
    _flatten_nested_refs(document)
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if "requestBody" in operation:
                operation["requestBody"]["required"] = True
            if not operation.get("parameters", True):
                del operation["parameters"]
            _document_errors(operation["responses"])
    return document


def _flatten_nested_refs(node: Any) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and (nested := NESTED_REF.match(ref)):
            node["$ref"] = SCHEMAS + nested.group(1)
        for value in node.values():
            _flatten_nested_refs(value)
    elif isinstance(node, list):
        for value in node:
            _flatten_nested_refs(value)


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
