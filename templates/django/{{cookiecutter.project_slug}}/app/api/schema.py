"""The OpenAPI document, told the truth: what a body may hold, when it is required, and that
every 4xx and 5xx is problem+json. Clients and fuzzers take the document at its word; clients
are generated from it, so its names are the contract's, the same in every forge skeleton."""

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from app.api.serializers import (
    ProblemSerializer,
    StrictCharField,
    StrictChoiceField,
    StrictSerializer,
)
from app.api.views import BODY_METHODS, QUERY_METHODS, ApiView
from app.core.problems import PROBLEM_MEDIA_TYPE

__all__ = ["CREATED_LOCATION", "AutoSchema", "problem"]

BODY_ERRORS = {
    "400": "The body is not a JSON object",
    "413": "The body is too large",
    "415": "The body is not JSON",
}
ERRORS = {
    # gunicorn refuses any operation's request line over 8190 bytes (app.core.serving).
    "414": "The request line is too long",
    # Every operation refuses a query parameter it does not know (app.api.views).
    "422": "A query parameter or the body did not validate",
    "500": "Internal Server Error",
}
# The keys that stay beside `anyOf` when a nullable field's schema moves into it.
FIELD_META = frozenset({"description", "title", "readOnly", "writeOnly", "deprecated", "default"})

# For `@extend_schema(parameters=[...])` of an operation that answers 201 with `Location`.
CREATED_LOCATION = OpenApiParameter(
    "Location",
    str,
    OpenApiParameter.HEADER,
    required=True,
    response=[201],
    description="The URL of what was created.",
)


def problem(description: str) -> OpenApiResponse:
    """An error response for `@extend_schema(responses=...)`."""
    return OpenApiResponse(ProblemSerializer, description=description)


class AutoSchema(SpectacularAutoSchema):
    """What the generic schema leaves out or says otherwise, for every view:

    - an ApiView's body is required for POST, PUT and PATCH alike (an empty one is a 400), and
      may fail with 400, 413 or 415; its query parameters are its `query_serializer_class`;
{%- if cookiecutter.auth == "jwt" %}
    - an operation that needs an access token (`security` says which) may fail with a 401;
{%- endif %}
    - every operation may fail with a 414 (a request line too long), a 422 (an unknown query
      parameter, if nothing else) or a 500, and every error body is `application/problem+json`
      rather than the renderer's `application/json` (readiness's 503 has a body of its own);
    - a StrictSerializer refuses unknown fields (`additionalProperties: false`);
    - a StrictCharField refuses NUL, and white space alone unless blank is allowed;
    - a nullable field is `anyOf: [<schema>, {"type": "null"}]`, a choice of one a `const`
      (but an enum's `enum`, whatever its number of values), and a list's envelope
      `<Name>Page`, as in every forge skeleton.
    """

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        errors = {**BODY_ERRORS, **ERRORS} if "requestBody" in operation else ERRORS
{%- if cookiecutter.auth == "jwt" %}
        if "security" in operation:
            # The operation needs an access token (app.users.authentication).
            responses.setdefault("401", {"description": "Missing or invalid access token"})
{%- endif %}
        for code, description in errors.items():
            responses.setdefault(code, {"description": description})
        for code, response in responses.items():
            if int(code) >= 400 and code != "503":
                response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": self._problem_reference()}}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def get_override_parameters(self) -> list[Any]:
        # The query parameters documented are those the view validates (app.api.views).
        parameters = super().get_override_parameters()
        reads = getattr(self.view, "query_serializer_class", None)
        if self.method in QUERY_METHODS and reads is not None:
            return [reads, *parameters]
        return parameters

    def _process_override_parameters(self, direction: str = "request") -> dict[Any, Any]:
        parameters: dict[Any, Any] = super()._process_override_parameters(direction)
        for parameter in parameters.values():
            # An enum's parameter takes the strings it lists: no `minLength` beside them.
            if parameter is not None and {"enum", "const"} & parameter["schema"].keys():
                parameter["schema"].pop("minLength", None)
        return parameters

    def get_paginated_name(self, serializer_name: str) -> str:
        # TaskOut's list is a TaskPage.
        return serializer_name.removesuffix("Out") + "Page"

    def _get_request_body(self, direction: str = "request") -> dict[str, Any] | None:
        body: dict[str, Any] | None = super()._get_request_body(direction)
        # drf-spectacular guesses from the serializer (a PATCH's has no required field); an
        # ApiView refuses a missing body whatever the serializer (app.api.views).
        if body is not None and self.method in BODY_METHODS and isinstance(self.view, ApiView):
            body["required"] = True
        return body

    def _map_serializer_field(
        self,
        field: serializers.Field[Any, Any, Any, Any],
        direction: str,
        bypass_extensions: bool = False,
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.ChoiceField):
            # Enums stay inline (no POSTPROCESSING_HOOKS): so does the marker by which
            # drf-spectacular's hook would have made them components.
            schema.pop("x-spec-enum-id", None)
            # The values alone: null, when allowed, is the `anyOf`'s other branch.
            if None in schema.get("enum", ()):
                schema["enum"] = [value for value in schema["enum"] if value is not None]
            # OpenAPI 3.1's word for the one value a field can take (Health's status). An enum
            # (StrictChoiceField) lists its values even when it has one, as every forge
            # skeleton documents an enum: a value may join it later.
            if len(schema.get("enum", ())) == 1 and not isinstance(field, StrictChoiceField):
                (schema["const"],) = schema.pop("enum")
        return schema

    def _map_basic_serializer(
        self, serializer: serializers.Serializer[Any], direction: str
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        if isinstance(serializer, StrictSerializer):
            schema["additionalProperties"] = False
        for name, field in serializer.fields.items():
            if field.allow_null and name in schema["properties"]:
                schema["properties"][name] = _any_of_null(schema["properties"][name])
        return schema

    def _insert_field_validators(
        self, field: serializers.Field[Any, Any, Any, Any], schema: dict[str, Any]
    ) -> None:
        super()._insert_field_validators(field, schema)
        if isinstance(field, StrictCharField):
            field.document(schema)

    def _problem_reference(self) -> dict[str, str]:
        return self.resolve_serializer(ProblemSerializer, "response").ref


def _any_of_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A nullable field as every forge skeleton writes it, and client generators read as an
    optional <type>: `anyOf: [{"type": <type>, ...}, {"type": "null"}]`. drf-spectacular's
    OpenAPI 3.1 writes `"type": [<type>, "null"]` and has no setting for another form. The
    words for people (and a default) stay beside `anyOf`."""
    types = schema.get("type")
    if not isinstance(types, list) or "null" not in types:
        return schema
    (kept,) = (kind for kind in types if kind != "null")
    inner = {key: value for key, value in schema.items() if key not in FIELD_META}
    meta = {key: value for key, value in schema.items() if key in FIELD_META}
    return {**meta, "anyOf": [{**inner, "type": kept}, {"type": "null"}]}
