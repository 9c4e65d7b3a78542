"""Views the tests add to the app's URLs, to try what every resource relies on (JSON bodies,
strict fields, query parameters, pagination, size limits, unexpected errors) without depending
on any resource: the tests that use them (`@pytest.mark.urls("tests.probes")`) pass whatever
`forge add-endpoint` and `forge remove-endpoint` did.

The views are declared as a resource's are, with the skeleton's own base view, serializers,
pagination and schema helpers; what they are sent, they keep in a list, not in the database.
{%- if cookiecutter.auth == "jwt" %}
They need no token (PublicApiView): what they try comes after authentication, which
tests/test_auth.py tries on the app's own operations.
{%- endif %}
"""

import logging
from typing import TypedDict

from django.urls import include, path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from app.api.pagination import PagePagination, PageQuerySerializer, paginated_response
from app.api.schema import CREATED_LOCATION, problem
from app.api.serializers import (
    QueryBooleanField,
    StrictBooleanField,
    StrictCharField,
    StrictSerializer,
)
from app.api.views import {{ "PublicApiView as ApiView" if cookiecutter.auth == "jwt" else "ApiView" }}
from app.core.exceptions import NotFoundError
from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as app_urlpatterns

__all__ = [
    "FAILURE",
    "PATH",
    "SECRET",
    "Probe",
    "handler400",
    "handler403",
    "handler404",
    "handler500",
    "kept",
    "urlpatterns",
]

PATH = "/api/probes"
FAILURE = f"{PATH}/failure"
# What an unexpected error says; no answer may show it.
SECRET = "SELECT secret FROM settings WHERE password='hunter2'"
TITLE = {"max_length": 200, "help_text": "Surrounding white space is stripped."}
NOTE = {"max_length": 200, "allow_null": True, "help_text": "Optional: null, or left out."}
TAGS = ["probes"]
NOT_FOUND = {404: problem("No probe with this id")}

logger = logging.getLogger(__name__)


class Probe(TypedDict):
    id: int
    title: str
    done: bool
    note: str | None


# What the probes were sent and kept, in order; emptied after each test (tests/conftest.py).
kept: list[Probe] = []


class ProbeCreateSerializer(StrictSerializer):
    title = StrictCharField(**TITLE)
    done = StrictBooleanField(default=False)
    note = StrictCharField(default=None, **NOTE)


class ProbeReplaceSerializer(ProbeCreateSerializer):
    pass


class ProbePatchSerializer(StrictSerializer):
    title = StrictCharField(required=False, **TITLE)
    done = StrictBooleanField(required=False)
    note = StrictCharField(required=False, **NOTE)


class ProbeOutSerializer(serializers.Serializer[Probe]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    done = serializers.BooleanField()
    note = serializers.CharField(allow_null=True)


class ProbeFilterSerializer(PageQuerySerializer):
    done = QueryBooleanField(required=False, help_text="Only probes with this `done` value.")


def probe_get(probe_id: int) -> Probe:
    found = [probe for probe in kept if probe["id"] == probe_id]
    if not found:
        raise NotFoundError("Probe", probe_id)
    return found[0]


class ProbeListApi(ApiView):
    pagination_class = PagePagination
    query_serializer_class = ProbeFilterSerializer

    @extend_schema(
        operation_id="list_probes",
        tags=TAGS,
        responses={200: ProbeOutSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        done = self.query.get("done")
        return paginated_response(
            pagination_class=self.pagination_class,
            queryset=[probe for probe in kept if done is None or probe["done"] is done],
            serializer_class=ProbeOutSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="create_probe",
        tags=TAGS,
        request=ProbeCreateSerializer,
        parameters=[CREATED_LOCATION],
        responses={201: ProbeOutSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = ProbeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        new_id = max((probe["id"] for probe in kept), default=0) + 1
        probe = Probe(id=new_id, title=data["title"], done=data["done"], note=data["note"])
        kept.append(probe)
        logger.info("Created probe %s", probe["id"])
        location = reverse("probes:detail", kwargs={"probe_id": probe["id"]})
        return Response(probe, status=status.HTTP_201_CREATED, headers={"Location": location})


class ProbeDetailApi(ApiView):
    @extend_schema(
        operation_id="get_probe", tags=TAGS, responses={200: ProbeOutSerializer, **NOT_FOUND}
    )
    def get(self, request: Request, probe_id: int) -> Response:
        return Response(probe_get(probe_id))

    @extend_schema(
        operation_id="replace_probe",
        tags=TAGS,
        request=ProbeReplaceSerializer,
        responses={200: ProbeOutSerializer, **NOT_FOUND},
    )
    def put(self, request: Request, probe_id: int) -> Response:
        return self.change(ProbeReplaceSerializer(data=request.data), probe_id)

    @extend_schema(
        operation_id="update_probe",
        tags=TAGS,
        request=ProbePatchSerializer,
        responses={200: ProbeOutSerializer, **NOT_FOUND},
    )
    def patch(self, request: Request, probe_id: int) -> Response:
        return self.change(ProbePatchSerializer(data=request.data), probe_id)

    @extend_schema(operation_id="delete_probe", tags=TAGS, responses={204: None, **NOT_FOUND})
    def delete(self, request: Request, probe_id: int) -> Response:
        kept.remove(probe_get(probe_id))
        logger.info("Deleted probe %s", probe_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def change(self, serializer: StrictSerializer, probe_id: int) -> Response:
        serializer.is_valid(raise_exception=True)
        probe = probe_get(probe_id)
        probe.update(serializer.validated_data)
        return Response(probe)


class FailureApi(ApiView):
    """An unexpected error, as a bug in a view would raise it."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        raise RuntimeError(SECRET)


probe_patterns = [
    path("probes", ProbeListApi.as_view(), name="list"),
    path("probes/failure", FailureApi.as_view(), name="failure"),
    path("probes/<int:probe_id>", ProbeDetailApi.as_view(), name="detail"),
]
# The app's URLs and error views (Django looks for handler404 and the rest in the URLconf
# module, imported above), and the probes beside the resources, under /api/.
urlpatterns = [*app_urlpatterns, path("api/", include((probe_patterns, "probes")))]
