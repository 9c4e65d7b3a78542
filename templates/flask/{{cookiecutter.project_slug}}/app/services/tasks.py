{% if cookiecutter.auth == "jwt" %}"""Task use cases. Callers pass plain values; errors are domain errors, never HTTP ones.

A task belongs to the user who created it: every use case is that of a `viewer`, who sees
only their own tasks (another user's is not found), unless a superuser.
"""
{%- else %}"""Task use cases. Callers pass plain values; errors are domain errors, never HTTP ones."""
{%- endif %}

import logging

from sqlalchemy import select

from app.core.exceptions import NotFoundError
from app.extensions import db
from app.models.base import MAX_ID
from app.models.task import Task
{%- if cookiecutter.auth == "jwt" %}
from app.models.user import User
from app.services.ownership import can_see, visible_to
{%- endif %}
from app.services.pagination import PageOfRows, paginate

__all__ = ["create_task", "delete_task", "get_task", "list_tasks", "update_task"]

logger = logging.getLogger(__name__)
# Lists read the table's columns with Core selects (app.services.pagination); writes and single
# rows go through the model.
TASKS = Task.__table__
{% if cookiecutter.auth == "jwt" %}

def list_tasks(
    viewer: User, /, *, page: int, per_page: int, done: bool | None = None
) -> PageOfRows:
    statement = visible_to(viewer, select(TASKS), TASKS.c.owner_id).order_by(TASKS.c.id)
    if done is not None:
        statement = statement.where(TASKS.c.done == done)
    return paginate(statement, page=page, per_page=per_page)


def get_task(viewer: User, task_id: int, /) -> Task:
    # An id beyond the column's range cannot exist; asking the database would be an error.
    task = db.session.get(Task, task_id) if 0 < task_id <= MAX_ID else None
    if task is None or not can_see(viewer, task.owner_id):
        raise NotFoundError("Task", task_id)
    return task


def create_task(owner: User, /, *, title: str, done: bool = False) -> Task:
    task = Task(title=title, done=done, owner_id=owner.id)
    db.session.add(task)
    db.session.commit()
    logger.info("Created task %s", task.id)
    return task


def update_task(viewer: User, task_id: int, /, **changes: object) -> Task:
    """Sets the given fields; PUT passes all of them, PATCH only those sent."""
    task = get_task(viewer, task_id)
    for field, value in changes.items():
        setattr(task, field, value)
    db.session.commit()
    return task


def delete_task(viewer: User, task_id: int, /) -> None:
    task = get_task(viewer, task_id)
    db.session.delete(task)
    db.session.commit()
    logger.info("Deleted task %s", task_id)
{%- else %}

def list_tasks(*, page: int, per_page: int, done: bool | None = None) -> PageOfRows:
    statement = select(TASKS).order_by(TASKS.c.id)
    if done is not None:
        statement = statement.where(TASKS.c.done == done)
    return paginate(statement, page=page, per_page=per_page)


def get_task(task_id: int) -> Task:
    # An id beyond the column's range cannot exist; asking the database would be an error.
    task = db.session.get(Task, task_id) if 0 < task_id <= MAX_ID else None
    if task is None:
        raise NotFoundError("Task", task_id)
    return task


def create_task(*, title: str, done: bool = False) -> Task:
    task = Task(title=title, done=done)
    db.session.add(task)
    db.session.commit()
    logger.info("Created task %s", task.id)
    return task


def update_task(task_id: int, **changes: object) -> Task:
    """Sets the given fields; PUT passes all of them, PATCH only those sent."""
    task = get_task(task_id)
    for field, value in changes.items():
        setattr(task, field, value)
    db.session.commit()
    return task


def delete_task(task_id: int) -> None:
    task = get_task(task_id)
    db.session.delete(task)
    db.session.commit()
    logger.info("Deleted task %s", task_id)
{%- endif %}
