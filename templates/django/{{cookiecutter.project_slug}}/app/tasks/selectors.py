"""Reading tasks. Callers pass plain values; errors are domain errors, never HTTP ones."""

from django.db.models import QuerySet

from app.core.exceptions import NotFoundError
from app.tasks.models import MAX_ID, Task
{%- if cookiecutter.auth == "jwt" %}
from app.users.models import User
from app.users.selectors import owned_by
{%- endif %}

__all__ = ["task_get", "task_list"]


def task_list(*, {% if cookiecutter.auth == "jwt" %}user: User, {% endif %}done: bool | None = None) -> QuerySet[Task]:
{%- if cookiecutter.auth == "jwt" %}
    """The tasks `user` may see in id order, or only those with this `done` value."""
    tasks = owned_by(Task.objects.order_by("id"), user)
{%- else %}
    """Every task in id order, or only those with this `done` value."""
    tasks = Task.objects.order_by("id")
{%- endif %}
    return tasks if done is None else tasks.filter(done=done)


def task_get(*, {% if cookiecutter.auth == "jwt" %}user: User, {% endif %}task_id: int) -> Task:
{%- if cookiecutter.auth == "jwt" %}
    """The task, if `user` may see it: another user's is as missing as one never made."""
{%- endif %}
    # An id beyond the column's range cannot exist; asking the database would be an error.
{%- if cookiecutter.auth == "jwt" %}
    tasks = owned_by(Task.objects.all(), user)
    task = tasks.filter(pk=task_id).first() if 0 < task_id <= MAX_ID else None
{%- else %}
    task = Task.objects.filter(pk=task_id).first() if 0 < task_id <= MAX_ID else None
{%- endif %}
    if task is None:
        raise NotFoundError("Task", task_id)
    return task
