import time

from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "app.health"
    label = "health"

    def ready(self) -> None:
        # The serving process is ready from here on: uptime counts from this moment.
        self.started_at = time.monotonic()
