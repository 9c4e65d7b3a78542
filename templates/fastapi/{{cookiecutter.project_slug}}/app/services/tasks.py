"""Task use cases. Callers pass plain values; errors are domain errors, never HTTP ones.{% if cookiecutter.auth == "jwt" %}

Each task belongs to the user who created it: the others' are not found.
{% endif %}"""

import logging

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import NotFoundError
from app.models.base import MAX_ID
from app.models.task import Task
{%- if cookiecutter.auth == "jwt" %}
from app.models.user import User
from app.services.ownership import may_reach, reachable_by
{%- endif %}
from app.services.pagination import Paginated, paginate

__all__ = ["create_task", "delete_task", "get_task", "list_tasks", "update_task"]

logger = logging.getLogger(__name__)


async def list_tasks(
    session: AsyncSession, {{ "user: User, " if cookiecutter.auth == "jwt" }}*, page: int, per_page: int, done: bool | None = None
) -> Paginated[RowMapping]:
    """Rows of the table's columns, not Task objects: see app/services/pagination.py."""
    tasks = Task.__table__.c
    statement = select(Task.__table__).order_by(tasks.id)
{%- if cookiecutter.auth == "jwt" %}
    statement = reachable_by(statement, tasks.owner_id, user)
{%- endif %}
    if done is not None:
        statement = statement.where(tasks.done == done)
    return await paginate(session, statement, page=page, per_page=per_page)


async def get_task(session: AsyncSession, {{ "user: User, " if cookiecutter.auth == "jwt" }}task_id: int) -> Task:
    # An id beyond the column's range cannot exist; asking the database would be an error.
    task = await session.get(Task, task_id) if 0 < task_id <= MAX_ID else None
{%- if cookiecutter.auth == "jwt" %}
    # Another user's task is not found either: its existence is not the client's business.
    if task is None or not may_reach(task.owner_id, user):
{%- else %}
    if task is None:
{%- endif %}
        raise NotFoundError("Task", task_id)
    return task


async def create_task(session: AsyncSession, {{ "user: User, " if cookiecutter.auth == "jwt" }}*, title: str, done: bool = False) -> Task:
    task = Task(title=title, done=done{{ ", owner_id=user.id" if cookiecutter.auth == "jwt" }})
    session.add(task)
    await session.commit()
    logger.info("Created task %s", task.id)
    return task


async def update_task(session: AsyncSession, {{ "user: User, " if cookiecutter.auth == "jwt" }}task_id: int, **changes: object) -> Task:
    """Sets the given fields; PUT passes all of them, PATCH only those sent."""
    task = await get_task(session, {{ "user, " if cookiecutter.auth == "jwt" }}task_id)
    for field, value in changes.items():
        setattr(task, field, value)
    await session.commit()
    return task


async def delete_task(session: AsyncSession, {{ "user: User, " if cookiecutter.auth == "jwt" }}task_id: int) -> None:
    task = await get_task(session, {{ "user, " if cookiecutter.auth == "jwt" }}task_id)
    await session.delete(task)
    await session.commit()
    logger.info("Deleted task %s", task_id)
