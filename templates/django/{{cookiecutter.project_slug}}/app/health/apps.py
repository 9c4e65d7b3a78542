import time

from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "app.health"
    label = "health"

    # When the serving process became ready (ready() sets it): uptime counts from there.
    started_at: float

    def ready(self) -> None:
        self.started_at = time.monotonic()
