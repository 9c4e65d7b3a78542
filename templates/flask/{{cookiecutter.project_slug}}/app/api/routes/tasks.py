"""HTTP face of the task service: parse, call the service, shape the answer."""

from apiflask import APIBlueprint
from flask import Response, current_app, url_for
from flask_sqlalchemy.pagination import Pagination

from app.api.decorators import require_json_object
from app.models.task import Task
from app.schemas.task import (
    TaskCreate,
    TaskCreated,
    TaskOut,
    TaskPage,
    TaskPatch,
    TaskQuery,
    TaskReplace,
)
from app.services import tasks as service

__all__ = ["bp"]

bp = APIBlueprint("tasks", __name__)
TAGS = ["tasks"]
# `int:` makes a non-integer (or negative) id an unknown path, a 404, as the contract wants.
ITEM = "/<int:task_id>"
NOT_FOUND = {404: "No task with this id"}
BODY_ERRORS = {
    400: "The body is not a JSON object",
    413: "The body is too large",
    415: "The body is not JSON",
    422: "The body did not validate",
}
Headers = dict[str, str]


@bp.get("")
@bp.input(TaskQuery, location="query", arg_name="query")
@bp.output(TaskPage)
@bp.doc(operation_id="list_tasks", tags=TAGS)
def list_tasks(query: TaskQuery) -> Pagination:
    """List tasks, a page at a time"""
    # A filter left out is not in the dump (MISSING), so it stays off.
    return service.list_tasks(**query.model_dump())


@bp.post("")
@require_json_object
@bp.input(TaskCreate, arg_name="body")
@bp.output(TaskOut, status_code=201, headers=TaskCreated)
@bp.doc(operation_id="create_task", tags=TAGS, responses=BODY_ERRORS)
def create_task(body: TaskCreate) -> tuple[Task, Headers]:
    """Create a task"""
    task = service.create_task(title=body.title, done=body.done)
    return task, {"Location": url_for(".get_task", task_id=task.id)}


@bp.get(ITEM)
@bp.output(TaskOut)
@bp.doc(operation_id="get_task", tags=TAGS, responses=NOT_FOUND)
def get_task(task_id: int) -> Task:
    """Get a task"""
    return service.get_task(task_id)


@bp.put(ITEM)
@require_json_object
@bp.input(TaskReplace, arg_name="body")
@bp.output(TaskOut)
@bp.doc(operation_id="replace_task", tags=TAGS, responses={**NOT_FOUND, **BODY_ERRORS})
def replace_task(task_id: int, body: TaskReplace) -> Task:
    """Replace a task"""
    return service.update_task(task_id, title=body.title, done=body.done)


@bp.patch(ITEM)
@require_json_object
@bp.input(TaskPatch, arg_name="body")
@bp.output(TaskOut)
@bp.doc(operation_id="update_task", tags=TAGS, responses={**NOT_FOUND, **BODY_ERRORS})
def update_task(task_id: int, body: TaskPatch) -> Task:
    """Change some fields of a task"""
    return service.update_task(task_id, **body.model_dump(exclude_unset=True))


@bp.delete(ITEM)
@bp.output({}, status_code=204, description="The task is deleted")
@bp.doc(operation_id="delete_task", tags=TAGS, responses=NOT_FOUND)
def delete_task(task_id: int) -> Response:
    """Delete a task"""
    service.delete_task(task_id)
    response = current_app.response_class(status=204)
    del response.headers["Content-Type"]  # no content, so no type
    return response
