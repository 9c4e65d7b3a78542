"""HTTP face of the task service: parse, call the service, shape the answer.{% if cookiecutter.auth == "jwt" %}
Every operation needs an access token.{% endif %}"""

from typing import Annotated

from fastapi import {% if cookiecutter.auth == "none" %}APIRouter, {% endif %}Query, Request, Response, status

from app.api.deps import {% if cookiecutter.auth == "jwt" %}CurrentUser, {% endif %}NoQuery, {% if cookiecutter.auth == "jwt" %}ProtectedRouter, {% endif %}RequireJson, SessionDep
from app.api.openapi import Responses
from app.schemas.task import TaskCreate, TaskOut, TaskPage, TaskPatch, TaskQuery, TaskReplace
from app.services import tasks as service

__all__ = ["router"]

router = {% if cookiecutter.auth == "jwt" %}ProtectedRouter{% else %}APIRouter{% endif %}(prefix="/tasks", tags=["tasks"])
# `:int` makes a non-integer id an unknown path, a 404, as the contract wants.
ITEM = "/{task_id:int}"
NOT_FOUND: Responses = {404: {"description": "No task with this id"}}
# A row of another resource (or a table of the team's own) may refer to the task.
REFERRED_TO: Responses = {409: {"description": "Other rows refer to this task"}}
BODY_ERRORS: Responses = {
    400: {"description": "The body is not a JSON object"},
    413: {"description": "The body is too large"},
    415: {"description": "The body is not JSON"},
}
CREATED: Responses = {
    201: {
        "description": "Created",
        "headers": {
            "Location": {
                "description": "The new task's URL",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    }
}


@router.get("", summary="List tasks, a page at a time")
{%- if cookiecutter.auth == "jwt" %}
async def list_tasks(
    session: SessionDep, user: CurrentUser, query: Annotated[TaskQuery, Query()]
) -> TaskPage:
    result = await service.list_tasks(
        session, user, page=query.page, per_page=query.per_page, done=query.done
    )
{%- else %}
async def list_tasks(session: SessionDep, query: Annotated[TaskQuery, Query()]) -> TaskPage:
    result = await service.list_tasks(
        session, page=query.page, per_page=query.per_page, done=query.done
    )
{%- endif %}
    return TaskPage.model_validate(result, from_attributes=True)


# Operations without query parameters depend on NoQuery, which refuses any one sent.
@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a task",
    dependencies=[RequireJson, NoQuery],
    responses={**CREATED, **BODY_ERRORS},
)
async def create_task(
    session: SessionDep, {{ "user: CurrentUser, " if cookiecutter.auth == "jwt" }}body: TaskCreate, request: Request, response: Response
) -> TaskOut:
    task = await service.create_task(session, {{ "user, " if cookiecutter.auth == "jwt" }}title=body.title, done=body.done)
    response.headers["Location"] = str(request.app.url_path_for("get_task", task_id=task.id))
    return TaskOut.model_validate(task)


@router.get(ITEM, summary="Get a task", dependencies=[NoQuery], responses=NOT_FOUND)
async def get_task(session: SessionDep, {{ "user: CurrentUser, " if cookiecutter.auth == "jwt" }}task_id: int) -> TaskOut:
    return TaskOut.model_validate(await service.get_task(session, {{ "user, " if cookiecutter.auth == "jwt" }}task_id))


@router.put(
    ITEM,
    summary="Replace a task",
    dependencies=[RequireJson, NoQuery],
    responses={**NOT_FOUND, **BODY_ERRORS},
)
{%- if cookiecutter.auth == "jwt" %}
async def replace_task(
    session: SessionDep, user: CurrentUser, task_id: int, body: TaskReplace
) -> TaskOut:
{%- else %}
async def replace_task(session: SessionDep, task_id: int, body: TaskReplace) -> TaskOut:
{%- endif %}
    task = await service.update_task(session, {{ "user, " if cookiecutter.auth == "jwt" }}task_id, title=body.title, done=body.done)
    return TaskOut.model_validate(task)


@router.patch(
    ITEM,
    summary="Change some fields of a task",
    dependencies=[RequireJson, NoQuery],
    responses={**NOT_FOUND, **BODY_ERRORS},
)
{%- if cookiecutter.auth == "jwt" %}
async def update_task(
    session: SessionDep, user: CurrentUser, task_id: int, body: TaskPatch
) -> TaskOut:
{%- else %}
async def update_task(session: SessionDep, task_id: int, body: TaskPatch) -> TaskOut:
{%- endif %}
    task = await service.update_task(session, {{ "user, " if cookiecutter.auth == "jwt" }}task_id, **body.model_dump(exclude_unset=True))
    return TaskOut.model_validate(task)


@router.delete(
    ITEM,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a task",
    dependencies=[NoQuery],
    responses={**NOT_FOUND, **REFERRED_TO},
)
async def delete_task(session: SessionDep, {{ "user: CurrentUser, " if cookiecutter.auth == "jwt" }}task_id: int) -> Response:
    await service.delete_task(session, {{ "user, " if cookiecutter.auth == "jwt" }}task_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
