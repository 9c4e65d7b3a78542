"""The metrics Prometheus scrapes: a plain Django view, so neither in the OpenAPI document
(drf-spectacular lists DRF's views alone) nor behind the API's authentication."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from app.core.metrics import CONTENT_TYPE, exposition

__all__ = ["metrics"]


# Exempt from CSRF, as DRF's views are: a POST is refused with a 405, not a CSRF 403.
@csrf_exempt
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    return HttpResponse(exposition(), content_type=CONTENT_TYPE)
