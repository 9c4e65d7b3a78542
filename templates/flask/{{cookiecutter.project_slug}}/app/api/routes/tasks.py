"""HTTP face of the task service: parse, call the service, shape the answer; and `flask seed`.

Each view returns its response model, built from what the service returns: `@bp.output`
serializes it as it is, and the view's signature says what it answers.
"""

import click
from apiflask import APIBlueprint
from flask import Response, current_app, url_for

from app.api.decorators import require_json_object
{%- if cookiecutter.auth == "jwt" %}
from app.api.security import current_user, require_token
{%- endif %}
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
{%- if cookiecutter.auth == "jwt" %}
from app.services import users
{%- endif %}

__all__ = ["bp"]

SAMPLE_TITLES = (
    "Write the quarterly report",
    "Review the pull request",
    "Book the team offsite",
    "Renew the TLS certificate",
    "Plan the next sprint",
)

# The blueprint's commands join `flask`'s own (`flask seed`, beside `flask db`), not a group.
bp = APIBlueprint("tasks", __name__, cli_group=None)
{%- if cookiecutter.auth == "jwt" %}
require_token(bp)
{%- endif %}
TAGS = ["tasks"]
# `int:` makes a non-integer (or negative) id an unknown path, a 404, as the contract wants.
ITEM = "/<int:task_id>"
NOT_FOUND = {404: "No task with this id"}
# A row of another resource (or a table of the team's own) may refer to the task.
REFERRED_TO = {409: "Other rows refer to this task"}
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
def list_tasks(query: TaskQuery) -> TaskPage:
    """List tasks, a page at a time"""
    # A filter left out is not in the dump (MISSING), so it stays off.
{%- if cookiecutter.auth == "jwt" %}
    return TaskPage.model_validate(service.list_tasks(current_user(), **query.model_dump()))
{%- else %}
    return TaskPage.model_validate(service.list_tasks(**query.model_dump()))
{%- endif %}


@bp.post("")
@require_json_object
@bp.input(TaskCreate, arg_name="body")
@bp.output(TaskOut, status_code=201, headers=TaskCreated)
@bp.doc(operation_id="create_task", tags=TAGS, responses=BODY_ERRORS)
def create_task(body: TaskCreate) -> tuple[TaskOut, Headers]:
    """Create a task"""
{%- if cookiecutter.auth == "jwt" %}
    task = service.create_task(current_user(), title=body.title, done=body.done)
{%- else %}
    task = service.create_task(title=body.title, done=body.done)
{%- endif %}
    return TaskOut.model_validate(task), {"Location": url_for(".get_task", task_id=task.id)}


@bp.get(ITEM)
@bp.output(TaskOut)
@bp.doc(operation_id="get_task", tags=TAGS, responses=NOT_FOUND)
def get_task(task_id: int) -> TaskOut:
    """Get a task"""
{%- if cookiecutter.auth == "jwt" %}
    return TaskOut.model_validate(service.get_task(current_user(), task_id))
{%- else %}
    return TaskOut.model_validate(service.get_task(task_id))
{%- endif %}


@bp.put(ITEM)
@require_json_object
@bp.input(TaskReplace, arg_name="body")
@bp.output(TaskOut)
@bp.doc(operation_id="replace_task", tags=TAGS, responses={**NOT_FOUND, **BODY_ERRORS})
def replace_task(task_id: int, body: TaskReplace) -> TaskOut:
    """Replace a task"""
{%- if cookiecutter.auth == "jwt" %}
    task = service.update_task(current_user(), task_id, title=body.title, done=body.done)
    return TaskOut.model_validate(task)
{%- else %}
    return TaskOut.model_validate(service.update_task(task_id, title=body.title, done=body.done))
{%- endif %}


@bp.patch(ITEM)
@require_json_object
@bp.input(TaskPatch, arg_name="body")
@bp.output(TaskOut)
@bp.doc(operation_id="update_task", tags=TAGS, responses={**NOT_FOUND, **BODY_ERRORS})
def update_task(task_id: int, body: TaskPatch) -> TaskOut:
    """Change some fields of a task"""
{%- if cookiecutter.auth == "jwt" %}
    task = service.update_task(current_user(), task_id, **body.model_dump(exclude_unset=True))
{%- else %}
    task = service.update_task(task_id, **body.model_dump(exclude_unset=True))
{%- endif %}
    return TaskOut.model_validate(task)


@bp.delete(ITEM)
@bp.output({}, status_code=204, description="The task is deleted")
@bp.doc(operation_id="delete_task", tags=TAGS, responses={**NOT_FOUND, **REFERRED_TO})
def delete_task(task_id: int) -> Response:
    """Delete a task"""
{%- if cookiecutter.auth == "jwt" %}
    service.delete_task(current_user(), task_id)
{%- else %}
    service.delete_task(task_id)
{%- endif %}
    response = current_app.response_class(status=204)
    del response.headers["Content-Type"]  # no content, so no type
    return response


@bp.cli.command("seed")
@click.option(
    "--count",
    default=len(SAMPLE_TITLES),
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many sample tasks to create.",
)
{%- if cookiecutter.auth == "jwt" %}
@click.option("--owner", required=True, help="Email address of the user who owns them.")
def seed(count: int, owner: str) -> None:
    """Create sample tasks, for a demo or a first look at the API."""
    user = users.find_user(owner)
    if user is None:
        raise click.UsageError(f"No user has the email address {owner}")
    for n in range(count):
        service.create_task(user, title=SAMPLE_TITLES[n % len(SAMPLE_TITLES)], done=n % 3 == 0)
    click.echo(f"Created {count} sample tasks for {user.email}.")
{%- else %}
def seed(count: int) -> None:
    """Create sample tasks, for a demo or a first look at the API."""
    for n in range(count):
        service.create_task(title=SAMPLE_TITLES[n % len(SAMPLE_TITLES)], done=n % 3 == 0)
    click.echo(f"Created {count} sample tasks.")
{%- endif %}
