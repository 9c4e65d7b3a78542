from django.db import models
from django.utils import timezone

__all__ = ["MAX_ID", "TITLE_MAX_LENGTH", "Task"]

TITLE_MAX_LENGTH = 200
# Ids are 64-bit (DEFAULT_AUTO_FIELD); a larger one cannot exist.
MAX_ID = 2**63 - 1


class Task(models.Model):
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    done = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title
