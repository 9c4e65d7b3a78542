"""The OpenAPI document, told the truth: what a body may hold, when it is required, and that
every 4xx and 5xx is problem+json. Clients and fuzzers take the document at its word."""

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from app.api.serializers import ProblemSerializer, StrictCharField, StrictSerializer
from app.api.views import BODY_METHODS, ApiView
from app.core.problems import PROBLEM_MEDIA_TYPE

__all__ = ["AutoSchema", "problem"]

BODY_ERRORS = {
    "400": "The body is not a JSON object",
    "413": "The body is too large",
    "415": "The body is not JSON",
    "422": "The body did not validate",
}


def problem(description: str) -> OpenApiResponse:
    """An error response for `@extend_schema(responses=...)`."""
    return OpenApiResponse(ProblemSerializer, description=description)


class AutoSchema(SpectacularAutoSchema):
    """What the generic schema leaves out, added for every view:

    - an ApiView's body is required for POST, PUT and PATCH alike (an empty one is a 400), and
      may fail with 400, 413, 415 or 422;
    - a StrictSerializer refuses unknown fields (`additionalProperties: false`);
    - a StrictCharField refuses NUL, and white space alone unless blank is allowed;
    - every operation may fail with a 414 (a request line too long) or a 500, and every error
      body is `application/problem+json` rather than the renderer's `application/json`
      (readiness's 503 has a body of its own).
    """

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        if "requestBody" in operation:
            for code, description in BODY_ERRORS.items():
                responses.setdefault(code, {"description": description})
        # gunicorn refuses any operation's request line over 8190 bytes (app.core.serving).
        responses.setdefault("414", {"description": "The request line is too long"})
        responses.setdefault("500", {"description": "Internal Server Error"})
        for code, response in responses.items():
            if int(code) >= 400 and code != "503":
                response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": self._problem_reference()}}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _get_request_body(self, direction: str = "request") -> dict[str, Any] | None:
        body = super()._get_request_body(direction)
        # drf-spectacular guesses from the serializer (a PATCH's has no required field); an
        # ApiView refuses a missing body whatever the serializer (app.api.views).
        if body is not None and self.method in BODY_METHODS and isinstance(self.view, ApiView):
            body["required"] = True
        return body

    def _map_basic_serializer(
        self, serializer: serializers.Serializer, direction: str
    ) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        if isinstance(serializer, StrictSerializer):
            schema["additionalProperties"] = False
        return schema

    def _insert_field_validators(self, field: serializers.Field, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        if isinstance(field, StrictCharField):
            field.document(schema)

    def _problem_reference(self) -> dict[str, str]:
        return self.resolve_serializer(ProblemSerializer, "response").ref
