"""The base of every API view: JSON objects in, JSON out, errors as problems."""

{% if cookiecutter.auth == "jwt" -%}
from collections.abc import Sequence
{% endif -%}
from functools import cached_property
from typing import Any

{% if cookiecutter.auth == "jwt" -%}
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
{% endif -%}
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from app.api.parsers import require_json_object
from app.api.serializers import validated_query

__all__ = ["ApiView"{% if cookiecutter.auth == "jwt" %}, "PublicApiView"{% endif %}]

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
QUERY_METHODS = frozenset({"GET", "HEAD"})


class ApiView(APIView):
    # HEAD wherever GET is (Django's View answers it with `get`), as in every forge skeleton;
    # not OPTIONS: it is a 405 like any method a path does not serve. CORS preflights are
    # answered by the CORS middleware before a view.
    http_method_names = ("get", "head", "post", "put", "patch", "delete")
    # The query parameters GET (and so HEAD) reads, in `self.query` once validated, and in the
    # document (app.api.schema). None: no method of the view reads any.
    query_serializer_class: type[Serializer[Any]] | None = None
    query: dict[str, Any]

    @cached_property
    def allowed_methods(self) -> list[str]:
        # Asked several times per request, of a view made for that request alone.
        return sorted(super().allowed_methods)

    @property
    def default_response_headers(self) -> dict[str, str]:
        # DRF sends `Allow` with every answer; here only a 405 does (app.api.errors).
        return {}

{%- if cookiecutter.auth == "jwt" %}

    # A method the path does not serve is a 405 whatever the request holds, token or none; for
    # any other, the token is checked first (app.users.authentication), before body and query.
    def perform_authentication(self, request: Request) -> None:
        if request.method in self.allowed_methods:
            super().perform_authentication(request)

    def check_permissions(self, request: Request) -> None:
        if request.method in self.allowed_methods:
            super().check_permissions(request)
{%- endif %}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Before the view runs (for a method it serves; any other is a 405, whatever the
        request holds): a body is a JSON object, else 415 or 400; the query string holds the
        parameters the method reads and no other, else 422."""
        super().initial(request, *args, **kwargs)
        if request.method not in self.allowed_methods:
            return
        if request.method in BODY_METHODS:
            require_json_object(request)
        reads = self.query_serializer_class if request.method in QUERY_METHODS else None
        if reads is None and not request.query_params:
            # Nothing to read and nothing sent (a health check, most writes): what validating
            # an empty query against no fields answers, without running a serializer for it.
            self.query = {}
            return
        # A serializer without fields describes no parameter: any one is unknown.
        self.query = validated_query(reads or Serializer, request)
{%- if cookiecutter.auth == "jwt" %}


class PublicApiView(ApiView):
    """An operation anyone may call, token or none: the health checks and /api/auth. (Neither
    authentication nor permission classes: AllowAny would say `security: [{}]` in the
    document.)"""

    authentication_classes: Sequence[type[BaseAuthentication]] = ()
    permission_classes: Sequence[type[BasePermission]] = ()
{%- endif %}
