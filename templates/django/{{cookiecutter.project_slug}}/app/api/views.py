"""The base of every API view: JSON objects in, JSON out, errors as problems."""

from typing import Any, ClassVar

from rest_framework.request import Request
from rest_framework.views import APIView

from app.api.parsers import require_json_object

__all__ = ["ApiView"]

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class ApiView(APIView):
    # Neither HEAD nor OPTIONS, as in every forge skeleton: they are a 405 like any method a
    # path does not serve. CORS preflights are answered by the CORS middleware before a view.
    http_method_names: ClassVar[list[str]] = ["get", "post", "put", "patch", "delete"]

    @property
    def allowed_methods(self) -> list[str]:
        return sorted(super().allowed_methods)

    @property
    def default_response_headers(self) -> dict[str, str]:
        # DRF sends `Allow` with every answer; here only a 405 does (app.api.errors).
        return {}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """A body for a method the view serves is a JSON object: 415 or 400 before the view
        runs (for one it does not serve, the answer is 405 whatever the body)."""
        super().initial(request, *args, **kwargs)
        if request.method in BODY_METHODS and hasattr(self, request.method.lower()):
            require_json_object(request)
