"""The OpenAPI document, told the truth about errors: every 4xx and 5xx is problem+json."""

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from app.api.serializers import ProblemSerializer
from app.core.problems import PROBLEM_MEDIA_TYPE

__all__ = ["AutoSchema", "problem"]


def problem(description: str) -> OpenApiResponse:
    """An error response for `@extend_schema(responses=...)`."""
    return OpenApiResponse(ProblemSerializer, description=description)


class AutoSchema(SpectacularAutoSchema):
    """Every operation may fail with a 500, and every error body is `application/problem+json`
    rather than the renderer's `application/json` (readiness's 503 has a body of its own)."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        responses.setdefault(
            "500",
            {
                "description": "Internal Server Error",
                "content": {"application/json": {"schema": self._problem_reference()}},
            },
        )
        for code, response in responses.items():
            if int(code) >= 400 and code != "503" and "content" in response:
                (media,) = response["content"].values()
                response["content"] = {PROBLEM_MEDIA_TYPE: media}
        return operation

    def _problem_reference(self) -> dict[str, str]:
        return self.resolve_serializer(ProblemSerializer, "response").ref
