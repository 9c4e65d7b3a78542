"""HTTP face of the task service: parse, call the service, shape the answer."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.api.deps import NoQuery, RequireJson, SessionDep
from app.api.openapi import Responses
from app.schemas.task import TaskCreate, TaskOut, TaskPage, TaskPatch, TaskQuery, TaskReplace
from app.services import tasks as service

__all__ = ["router"]

router = APIRouter(prefix="/tasks", tags=["tasks"])
# `:int` makes a non-integer id an unknown path, a 404, as the contract wants.
ITEM = "/{task_id:int}"
NOT_FOUND: Responses = {404: {"description": "No task with this id"}}
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
async def list_tasks(session: SessionDep, query: Annotated[TaskQuery, Query()]) -> TaskPage:
    result = await service.list_tasks(
        session, page=query.page, per_page=query.per_page, done=query.done
    )
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
    session: SessionDep, body: TaskCreate, request: Request, response: Response
) -> TaskOut:
    task = await service.create_task(session, title=body.title, done=body.done)
    response.headers["Location"] = str(request.app.url_path_for("get_task", task_id=task.id))
    return TaskOut.model_validate(task)


@router.get(ITEM, summary="Get a task", dependencies=[NoQuery], responses=NOT_FOUND)
async def get_task(session: SessionDep, task_id: int) -> TaskOut:
    return TaskOut.model_validate(await service.get_task(session, task_id))


@router.put(
    ITEM,
    summary="Replace a task",
    dependencies=[RequireJson, NoQuery],
    responses={**NOT_FOUND, **BODY_ERRORS},
)
async def replace_task(session: SessionDep, task_id: int, body: TaskReplace) -> TaskOut:
    task = await service.update_task(session, task_id, title=body.title, done=body.done)
    return TaskOut.model_validate(task)


@router.patch(
    ITEM,
    summary="Change some fields of a task",
    dependencies=[RequireJson, NoQuery],
    responses={**NOT_FOUND, **BODY_ERRORS},
)
async def update_task(session: SessionDep, task_id: int, body: TaskPatch) -> TaskOut:
    task = await service.update_task(session, task_id, **body.model_dump(exclude_unset=True))
    return TaskOut.model_validate(task)


@router.delete(
    ITEM,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a task",
    dependencies=[NoQuery],
    responses=NOT_FOUND,
)
async def delete_task(session: SessionDep, task_id: int) -> Response:
    await service.delete_task(session, task_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
