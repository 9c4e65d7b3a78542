from django.db import models
from django.utils import timezone
{%- if cookiecutter.auth == "jwt" %}

from app.users.models import User
{%- endif %}

__all__ = ["MAX_ID", "TITLE_MAX_LENGTH", "Task"]

TITLE_MAX_LENGTH = 200
# Ids are 64-bit (DEFAULT_AUTO_FIELD); a larger one cannot exist.
MAX_ID = 2**63 - 1


class Task(models.Model):
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    done = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
{%- if cookiecutter.auth == "jwt" %}
    # Who created it: only they (and superusers) see it (app.users.selectors.owned_by).
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tasks")
{%- endif %}

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title
