"""Changing tasks. Callers pass plain values; errors are domain errors, never HTTP ones."""

import logging
from collections.abc import Mapping

from django.db import transaction

from app.tasks.models import Task
{%- if cookiecutter.auth == "jwt" %}
from app.users.models import User
{%- endif %}

__all__ = ["task_create", "task_delete", "task_update"]

logger = logging.getLogger(__name__)
UPDATABLE_FIELDS = ("title", "done")


@transaction.atomic
def task_create(*, {% if cookiecutter.auth == "jwt" %}owner: User, {% endif %}title: str, done: bool = False) -> Task:
    task = Task.objects.create({% if cookiecutter.auth == "jwt" %}owner=owner, {% endif %}title=title, done=done)
    logger.info("Created task %s", task.id)
    return task


@transaction.atomic
def task_update(*, task: Task, data: Mapping[str, object]) -> Task:
    """Sets the fields in `data`: PUT passes all of them, PATCH only those sent."""
    changed = [field for field in UPDATABLE_FIELDS if field in data]
    for field in changed:
        setattr(task, field, data[field])
    if changed:
        task.save(update_fields=changed)
    return task


@transaction.atomic
def task_delete(*, task: Task) -> None:
    task_id = task.id
    task.delete()
    logger.info("Deleted task %s", task_id)
