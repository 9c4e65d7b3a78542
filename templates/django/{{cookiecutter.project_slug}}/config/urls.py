"""The one list of URLs: health checks, the API, its documents, the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.renderers import OpenApiJsonRenderer2
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("app.health.urls")),
    path("api/", include("app.tasks.urls")),
{%- if cookiecutter.auth == "jwt" %}
    path("api/", include("app.users.urls")),
{%- endif %}
    # GET and HEAD only, like the API's paths; the document in `application/json`, like the API.
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(
            renderer_classes=[OpenApiJsonRenderer2], http_method_names=["get", "head"]
        ),
        name="openapi",
    ),
    path(
        "docs",
        SpectacularSwaggerView.as_view(url_name="openapi", http_method_names=["get", "head"]),
        name="docs",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Django's own error pages, as problem+json like every other error (app.api.errors).
handler400 = "app.api.errors.bad_request"
handler403 = "app.api.errors.permission_denied"
handler404 = "app.api.errors.page_not_found"
handler500 = "app.api.errors.server_error"
