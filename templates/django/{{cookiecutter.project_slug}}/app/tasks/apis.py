{% set user = "user=current_user(request), " if cookiecutter.auth == "jwt" else "" %}"""HTTP face of tasks: parse, call a selector or a service, shape the answer."""

from datetime import UTC

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from app.api.pagination import PagePagination, PageQuerySerializer, paginated_response
from app.api.schema import CREATED_LOCATION, problem
from app.api.serializers import (
    QueryBooleanField,
    StrictBooleanField,
    StrictCharField,
    StrictSerializer,
)
from app.api.views import ApiView
from app.tasks.models import TITLE_MAX_LENGTH, Task
from app.tasks.selectors import task_get, task_list
from app.tasks.services import task_create, task_delete, task_update
{%- if cookiecutter.auth == "jwt" %}
from app.users.authentication import current_user
{%- endif %}

__all__ = ["TaskDetailApi", "TaskListApi"]

TITLE = {
    "max_length": TITLE_MAX_LENGTH,
    "help_text": "What to do; surrounding white space is stripped.",
}
EXAMPLE = {"title": "Write the quarterly report", "done": False}
NOT_FOUND = {404: problem("No task with this id")}
# A row of another resource (or a table of the team's own) may refer to the task.
REFERRED_TO = {409: problem("Other rows refer to this task")}
# The errors of a body (400, 413, 415), 414, 422 and 500 are documented for every operation by
# app.api.schema.AutoSchema.


@extend_schema_serializer(examples=[OpenApiExample("A new task", value=EXAMPLE)])
class TaskCreateSerializer(StrictSerializer):
    """A new task: `title` is required, a missing `done` means false."""

    title = StrictCharField(**TITLE)
    done = StrictBooleanField(default=False)


class TaskReplaceSerializer(TaskCreateSerializer):
    """PUT replaces the whole task: a missing `done` means false."""


@extend_schema_serializer(examples=[OpenApiExample("Mark as done", value={"done": True})])
class TaskPatchSerializer(StrictSerializer):
    """PATCH changes only the fields sent; `null` is not a value of either field."""

    title = StrictCharField(required=False, **TITLE)
    done = StrictBooleanField(required=False)


@extend_schema_serializer(
    examples=[
        OpenApiExample("A task", value={"id": 1, **EXAMPLE, "created_at": "2026-11-21T09:30:00Z"})
    ]
)
class TaskOutSerializer(serializers.Serializer[Task]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    done = serializers.BooleanField()
    # Answered in UTC, as in every forge skeleton (TIME_ZONE is UTC and nothing activates
    # another). Named here, DRF does not look up the thread's current time zone for each value:
    # that lookup was about a third of the CPU a list's row costs to write.
    created_at = serializers.DateTimeField(default_timezone=UTC)


class TaskFilterSerializer(PageQuerySerializer):
    done = QueryBooleanField(required=False, help_text="Only tasks with this `done` value.")


class TaskListApi(ApiView):
    # Also how drf-spectacular learns that the list is paginated.
    pagination_class = PagePagination
    query_serializer_class = TaskFilterSerializer

    @extend_schema(
        operation_id="list_tasks",
        summary="List tasks, a page at a time",
        tags=["tasks"],
        responses={200: TaskOutSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return paginated_response(
            pagination_class=self.pagination_class,
            queryset=task_list({{ user }}done=self.query.get("done")),
            serializer_class=TaskOutSerializer,
            request=request,
            view=self,
        )

    @extend_schema(
        operation_id="create_task",
        summary="Create a task",
        tags=["tasks"],
        request=TaskCreateSerializer,
        parameters=[CREATED_LOCATION],
        responses={201: TaskOutSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = TaskCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = task_create({{ user | replace("user=", "owner=") }}**serializer.validated_data)
        location = reverse("tasks:detail", kwargs={"task_id": task.id})
        return Response(
            TaskOutSerializer(task).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class TaskDetailApi(ApiView):
    @extend_schema(
        operation_id="get_task",
        summary="Get a task",
        tags=["tasks"],
        responses={200: TaskOutSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, task_id: int) -> Response:
{%- if cookiecutter.auth == "jwt" %}
        task = task_get(user=current_user(request), task_id=task_id)
        return Response(TaskOutSerializer(task).data)
{%- else %}
        return Response(TaskOutSerializer(task_get(task_id=task_id)).data)
{%- endif %}

    @extend_schema(
        operation_id="replace_task",
        summary="Replace a task",
        tags=["tasks"],
        request=TaskReplaceSerializer,
        responses={200: TaskOutSerializer, **NOT_FOUND},
    )
    def put(self, request: Request, task_id: int) -> Response:
        serializer = TaskReplaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
{%- if cookiecutter.auth == "jwt" %}
        task = task_get(user=current_user(request), task_id=task_id)
        task = task_update(task=task, data=serializer.validated_data)
{%- else %}
        task = task_update(task=task_get(task_id=task_id), data=serializer.validated_data)
{%- endif %}
        return Response(TaskOutSerializer(task).data)

    @extend_schema(
        operation_id="update_task",
        summary="Change some fields of a task",
        tags=["tasks"],
        request=TaskPatchSerializer,
        responses={200: TaskOutSerializer, **NOT_FOUND},
    )
    def patch(self, request: Request, task_id: int) -> Response:
        serializer = TaskPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
{%- if cookiecutter.auth == "jwt" %}
        task = task_get(user=current_user(request), task_id=task_id)
        task = task_update(task=task, data=serializer.validated_data)
{%- else %}
        task = task_update(task=task_get(task_id=task_id), data=serializer.validated_data)
{%- endif %}
        return Response(TaskOutSerializer(task).data)

    @extend_schema(
        operation_id="delete_task",
        summary="Delete a task",
        tags=["tasks"],
        responses={204: None, **NOT_FOUND, **REFERRED_TO},
    )
    def delete(self, request: Request, task_id: int) -> Response:
        task_delete(task=task_get({{ user }}task_id=task_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
