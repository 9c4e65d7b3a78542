from django.urls import path

from app.tasks.apis import TaskDetailApi, TaskListApi

app_name = "tasks"

# `int:` makes a non-integer id an unknown path, a 404, as the contract wants.
urlpatterns = [
    path("tasks", TaskListApi.as_view(), name="list"),
    path("tasks/<int:task_id>", TaskDetailApi.as_view(), name="detail"),
]
