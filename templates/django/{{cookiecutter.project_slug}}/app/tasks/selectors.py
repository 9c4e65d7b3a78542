"""Reading tasks. Callers pass plain values; errors are domain errors, never HTTP ones."""

from django.db.models import QuerySet

from app.core.exceptions import NotFoundError
from app.tasks.models import MAX_ID, Task

__all__ = ["task_get", "task_list"]


def task_list(*, done: bool | None = None) -> QuerySet[Task]:
    """Every task in id order, or only those with this `done` value."""
    tasks = Task.objects.order_by("id")
    return tasks if done is None else tasks.filter(done=done)


def task_get(*, task_id: int) -> Task:
    # An id beyond the column's range cannot exist; asking the database would be an error.
    task = Task.objects.filter(pk=task_id).first() if 0 < task_id <= MAX_ID else None
    if task is None:
        raise NotFoundError("Task", task_id)
    return task
