from django.urls import path

from app.health.apis import HealthApi, ReadinessApi

app_name = "health"

# Outside /api: load balancers probe them, clients do not.
urlpatterns = [
    path("health", HealthApi.as_view(), name="health"),
    path("health/ready", ReadinessApi.as_view(), name="ready"),
]
