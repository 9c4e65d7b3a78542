from django.urls import path

from app.health import views
from app.health.apis import HealthApi, ReadinessApi

app_name = "health"

# Outside /api: load balancers probe the health checks and Prometheus scrapes the metrics;
# clients use none of them.
urlpatterns = [
    path("health", HealthApi.as_view(), name="health"),
    path("health/ready", ReadinessApi.as_view(), name="ready"),
    path("metrics", views.metrics, name="metrics"),
]
