"""HTTP face of the health checks."""

from typing import Any

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from app import __version__
from app.api.views import {{ "PublicApiView" if cookiecutter.auth == "jwt" else "ApiView" }}
from app.health.selectors import database_status, process_uptime

__all__ = ["HealthApi", "ReadinessApi"]


@extend_schema_serializer(
    examples=[OpenApiExample("Alive", value={"status": "ok", "uptime": 42.5, "version": "0.1.0"})]
)
class HealthSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["ok"])
    uptime = serializers.FloatField(help_text="Seconds since this process started.")
    version = serializers.CharField()


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Ready",
            value={"status": "ok", "checks": {"database": "ok"}},
            status_codes=["200"],
        ),
        OpenApiExample(
            "Database down",
            value={
                "status": "unavailable",
                "checks": {"database": "unreachable (OperationalError)"},
            },
            status_codes=["503"],
        ),
    ]
)
class ReadinessSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["ok", "unavailable"])
    checks = serializers.DictField(child=serializers.CharField())


class HealthApi({{ "PublicApiView" if cookiecutter.auth == "jwt" else "ApiView" }}):
    @extend_schema(
        operation_id="get_health",
        summary="Liveness: the process serves requests",
        tags=["health"],
        responses={200: HealthSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response({"status": "ok", "uptime": process_uptime(), "version": __version__})


class ReadinessApi({{ "PublicApiView" if cookiecutter.auth == "jwt" else "ApiView" }}):
    @extend_schema(
        operation_id="get_readiness",
        summary="Readiness: the database answers",
        tags=["health"],
        responses={
            200: ReadinessSerializer,
            503: OpenApiResponse(ReadinessSerializer, description="A dependency is unavailable"),
        },
    )
    def get(self, request: Request) -> Response:
        database = database_status()
        ok = database == "ok"
        body = {"status": "ok" if ok else "unavailable", "checks": {"database": database}}
        return Response(body, status=200 if ok else 503)
