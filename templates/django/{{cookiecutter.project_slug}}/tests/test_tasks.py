"""The sample resource, tasks: what the contract says of it, and what the document says.
(`forge remove-endpoint tasks` removes this file with the rest of the resource.)"""

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import override

from app.tasks.models import Task
{%- if cookiecutter.auth == "jwt" %}
from app.users.models import User
from tests.conftest import assert_problem, bearer, body_of, send_json
{%- else %}
from tests.conftest import assert_problem, body_of, send_json
{%- endif %}

CreateTask = Callable[..., dict[str, Any]]


@pytest.fixture
def create_task(client: Client) -> CreateTask:
    def create(title: str = "Buy milk", *, done: bool = False) -> dict[str, Any]:
        response = send_json(client, "POST", "/api/tasks", {"title": title, "done": done})
        assert response.status_code == 201, response.content
        task: dict[str, Any] = body_of(response)
        return task

    return create


def test_create_returns_the_task_and_its_location(client: Client) -> None:
    response = send_json(client, "POST", "/api/tasks", {"title": "  Buy milk  ", "done": False})

    assert response.status_code == 201
    task = body_of(response)
    assert set(task) == {"id", "title", "done", "created_at"}
    assert task["title"] == "Buy milk"
    assert task["done"] is False
    assert response["Location"] == f"/api/tasks/{task['id']}"
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None


def test_created_at_is_answered_in_utc_whatever_time_zone_is_active(
    client: Client, create_task: CreateTask
) -> None:
    """As in every forge skeleton. The answer serializer names UTC rather than reading the
    active time zone (which nothing here changes) for each value it writes."""
    task = create_task()
    with override(timezone(timedelta(hours=1))):
        listed = body_of(client.get("/api/tasks"))["items"][0]
        got = body_of(client.get(f"/api/tasks/{task['id']}"))

    assert listed["created_at"] == got["created_at"] == task["created_at"]
    assert task["created_at"].endswith("Z")


def test_done_defaults_to_false(client: Client) -> None:
    response = send_json(client, "POST", "/api/tasks", {"title": "Walk"})

    assert response.status_code == 201
    assert body_of(response)["done"] is False


def test_a_task_is_named_by_its_title() -> None:
    """In the admin, for one."""
    assert str(Task(title="Buy milk")) == "Buy milk"


def test_get_returns_the_stored_task(client: Client, create_task: CreateTask) -> None:
    task = create_task("Read", done=True)

    response = client.get(f"/api/tasks/{task['id']}")

    assert response.status_code == 200
    assert body_of(response) == task


def test_put_replaces_the_whole_task(client: Client, create_task: CreateTask) -> None:
    task = create_task("Draft", done=True)

    response = send_json(client, "PUT", f"/api/tasks/{task['id']}", {"title": "Final "})

    assert response.status_code == 200
    assert body_of(response) == {**task, "title": "Final", "done": False}


def test_put_requires_the_title(client: Client, create_task: CreateTask) -> None:
    task = create_task()

    response = send_json(client, "PUT", f"/api/tasks/{task['id']}", {"done": True})

    assert response.status_code == 422
    assert body_of(response)["errors"] == [{"pointer": "#/title", "detail": "Field required"}]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"done": True}, {"title": "Walk", "done": True}, id="done-only"),
        pytest.param({"title": " Run "}, {"title": "Run", "done": False}, id="title-only"),
        pytest.param({}, {"title": "Walk", "done": False}, id="nothing"),
    ],
)
def test_patch_changes_only_what_is_sent(
    client: Client,
    create_task: CreateTask,
    change: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    task = create_task("Walk")

    response = send_json(client, "PATCH", f"/api/tasks/{task['id']}", change)

    assert response.status_code == 200
    assert body_of(response) == {**task, **expected}
    assert body_of(client.get(f"/api/tasks/{task['id']}")) == {**task, **expected}


def test_patch_refuses_null(client: Client, create_task: CreateTask) -> None:
    task = create_task()

    response = send_json(client, "PATCH", f"/api/tasks/{task['id']}", {"title": None})

    assert response.status_code == 422
    assert body_of(response)["errors"][0]["pointer"] == "#/title"


def test_delete_removes_the_task(client: Client, create_task: CreateTask) -> None:
    task = create_task()

    response = client.delete(f"/api/tasks/{task['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert client.get(f"/api/tasks/{task['id']}").status_code == 404


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("task_id", ["999999", "abc", "1.5", "-1", "0", "9" * 30])
def test_unknown_or_malformed_id_is_404(client: Client, method: str, task_id: str) -> None:
    response = send_json(client, method, f"/api/tasks/{task_id}", {"title": "x"})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert body_of(response)["status"] == 404


def test_list_is_paginated_in_id_order(client: Client, create_task: CreateTask) -> None:
    ids = [create_task(f"Task {n}")["id"] for n in range(25)]

    first = body_of(client.get("/api/tasks"))
    third = body_of(client.get("/api/tasks", {"page": 3, "per_page": 10}))

    assert [task["id"] for task in first["items"]] == ids[:10]
    assert {k: first[k] for k in ("page", "per_page", "total", "pages")} == {
        "page": 1,
        "per_page": 10,
        "total": 25,
        "pages": 3,
    }
    assert [task["id"] for task in third["items"]] == ids[20:]


@pytest.mark.parametrize("page", [2, 10**6, 10**30])
def test_page_past_the_end_is_empty(client: Client, create_task: CreateTask, page: int) -> None:
    create_task()

    response = client.get("/api/tasks", {"page": page})

    assert response.status_code == 200
    assert body_of(response) == {
        "items": [],
        "page": page,
        "per_page": 10,
        "total": 1,
        "pages": 1,
    }


def test_empty_list(client: Client) -> None:
    response = client.get("/api/tasks")

    assert body_of(response) == {"items": [], "page": 1, "per_page": 10, "total": 0, "pages": 0}


def test_per_page_bounds(client: Client, create_task: CreateTask) -> None:
    for n in range(3):
        create_task(f"Task {n}")

    one = body_of(client.get("/api/tasks", {"per_page": 1}))
    hundred = body_of(client.get("/api/tasks", {"per_page": 100}))

    assert (len(one["items"]), one["pages"]) == (1, 3)
    assert (len(hundred["items"]), hundred["pages"]) == (3, 1)


@pytest.mark.parametrize(
    ("tasks", "page", "reads"),
    [
        pytest.param(25, 1, 1, id="first-page"),
        pytest.param(25, 3, 1, id="last-page"),
        pytest.param(0, 1, 1, id="empty-first-page"),
        # No row to carry the total: only then is it counted on its own.
        pytest.param(25, 4, 2, id="past-the-end"),
    ],
)
def test_a_page_and_its_total_are_one_query(
    client: Client, create_task: CreateTask, tasks: int, page: int, reads: int
) -> None:
    """A page comes from the database with its total, in one round trip (app.api.pagination),
    and the count inside it is not ordered."""
    for n in range(tasks):
        create_task(f"Task {n}")

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/tasks", {"page": page})

    assert response.status_code == 200
    queries = [query["sql"] for query in captured.captured_queries]
{%- if cookiecutter.auth == "jwt" %}
    # First, the token's user, looked up for every request (app.users.authentication): the
    # token check's query, not the listing's.
    token_check, *queries = queries
    assert User._meta.db_table in token_check
{%- endif %}
    assert len(queries) == reads
    assert all(Task._meta.db_table in query for query in queries)
    assert all(query.count("ORDER BY") <= 1 for query in queries)


@pytest.mark.parametrize(("done", "titles"), [("true", ["B"]), ("false", ["A", "C"])])
def test_filter_by_done(
    client: Client, create_task: CreateTask, done: str, titles: list[str]
) -> None:
    create_task("A")
    create_task("B", done=True)
    create_task("C")

    body = body_of(client.get("/api/tasks", {"done": done}))

    assert [task["title"] for task in body["items"]] == titles
    assert body["total"] == len(titles)


def test_titles_round_trip_intact(client: Client) -> None:
    titles = ["Robert'); DROP TABLE tasks;--", "naïve café ✓ 東京 🚀", "x" * 200]

    created = [send_json(client, "POST", "/api/tasks", {"title": t}) for t in titles]

    assert [body_of(r)["title"] for r in created] == titles
    listed = body_of(client.get("/api/tasks"))["items"]
    assert [task["title"] for task in listed] == titles


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        pytest.param({"title": ""}, "#/title", id="empty-title"),
        pytest.param({"title": "x" * 201}, "#/title", id="title-too-long"),
        pytest.param({"title": 5}, "#/title", id="title-not-string"),
        pytest.param({"title": "nul\u0000inside"}, "#/title", id="title-with-nul"),
        pytest.param({"title": "ok", "done": "yes"}, "#/done", id="done-string"),
        pytest.param({"title": "ok", "done": None}, "#/done", id="done-null"),
        pytest.param({"title": "ok", "priority": 3}, "#/priority", id="unknown-field"),
    ],
)
def test_an_invalid_task_is_422_with_a_pointer(
    client: Client, body: dict[str, Any], pointer: str
) -> None:
    response = send_json(client, "POST", "/api/tasks", body)

    assert [error["pointer"] for error in assert_problem(response, 422)["errors"]] == [pointer]
    assert body_of(client.get("/api/tasks"))["total"] == 0


def test_an_unknown_filter_is_422_not_the_whole_list(
    client: Client, create_task: CreateTask
) -> None:
    create_task()

    errors = assert_problem(client.get("/api/tasks", {"author_id": 1}), 422)["errors"]

    assert errors == [{"parameter": "author_id", "detail": "Unknown query parameter."}]


OPERATIONS = {
    ("/api/tasks", "get"): "list_tasks",
    ("/api/tasks", "post"): "create_task",
    ("/api/tasks/{task_id}", "get"): "get_task",
    ("/api/tasks/{task_id}", "put"): "replace_task",
    ("/api/tasks/{task_id}", "patch"): "update_task",
    ("/api/tasks/{task_id}", "delete"): "delete_task",
}


def test_openapi_describes_the_tasks(client: Client) -> None:
    document = body_of(client.get("/openapi.json"))
    paths = document["paths"]
    schemas = document["components"]["schemas"]

    operations = {(path, method): paths[path][method]["operationId"] for path, method in OPERATIONS}
    assert operations == OPERATIONS
    assert set(paths["/api/tasks/{task_id}"]) == {"get", "put", "patch", "delete"}
    listing = paths["/api/tasks"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"page", "per_page", "done"}
    assert {"Task" + role for role in ("Create", "Out", "Patch", "Replace", "Page")} <= set(schemas)
    for name in ("TaskCreate", "TaskReplace", "TaskPatch"):
        assert schemas[name]["additionalProperties"] is False
        assert schemas[name]["properties"]["title"]["minLength"] == 1


def test_every_answer_an_operation_can_give_is_documented(client: Client) -> None:
    paths = body_of(client.get("/openapi.json"))["paths"]

    statuses = {key: set(paths[key[0]][key[1]]["responses"]) for key in OPERATIONS}
{%- if cookiecutter.auth == "jwt" %}
    everywhere = {"401", "414", "422", "500"}
{%- else %}
    everywhere = {"414", "422", "500"}
{%- endif %}
    body_errors = everywhere | {"400", "413", "415"}
    assert statuses == {
        ("/api/tasks", "get"): {"200"} | everywhere,
        ("/api/tasks", "post"): {"201"} | body_errors,
        ("/api/tasks/{task_id}", "get"): {"200", "404"} | everywhere,
        ("/api/tasks/{task_id}", "put"): {"200", "404"} | body_errors,
        ("/api/tasks/{task_id}", "patch"): {"200", "404"} | body_errors,
        # Other rows may refer to a task: the database refuses to delete it then.
        ("/api/tasks/{task_id}", "delete"): {"204", "404", "409"} | everywhere,
    }
    conflict = paths["/api/tasks/{task_id}"]["delete"]["responses"]["409"]["content"]
    assert conflict == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }


def test_the_documented_examples_are_true(client: Client) -> None:
    paths = body_of(client.get("/openapi.json"))["paths"]
    create = paths["/api/tasks"]["post"]
    (request,) = create["requestBody"]["content"]["application/json"]["examples"].values()
    (created,) = create["responses"]["201"]["content"]["application/json"]["examples"].values()
    (listed,) = paths["/api/tasks"]["get"]["responses"]["200"]["content"]["application/json"][
        "examples"
    ].values()

    response = send_json(client, "POST", "/api/tasks", request["value"])

    assert response.status_code == 201, response.content
    answer = {**body_of(response), "id": 1, "created_at": created["value"]["created_at"]}
    assert answer == created["value"]
    assert set(listed["value"]) == {"items", "page", "per_page", "total", "pages"}
{%- if cookiecutter.auth == "jwt" %}


# Ownership: a task is its creator's; another user's is as missing as one never made.


def test_a_task_belongs_to_its_creator(client: Client, create_task: CreateTask, user: User) -> None:
    task = create_task()

    assert Task.objects.get(pk=task["id"]).owner == user
    assert "owner_id" not in task


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_another_users_task_is_404(create_task: CreateTask, other_user: User, method: str) -> None:
    task = create_task()
    other = Client(headers=bearer(other_user))

    response = send_json(other, method, f"/api/tasks/{task['id']}", {"title": "Mine now"})

    assert_problem(response, 404)
    assert Task.objects.get(pk=task["id"]).title == task["title"]


def test_a_list_shows_and_counts_only_the_users_tasks(
    client: Client, create_task: CreateTask, other_user: User
) -> None:
    mine = create_task("Mine")
    other = Client(headers=bearer(other_user))
    send_json(other, "POST", "/api/tasks", {"title": "Theirs"})

    listed = body_of(client.get("/api/tasks"))

    assert [task["id"] for task in listed["items"]] == [mine["id"]]
    assert listed["total"] == 1


def test_a_superuser_sees_and_changes_every_task(create_task: CreateTask, superuser: User) -> None:
    task = create_task("Someone's")
    admin = Client(headers=bearer(superuser))

    listed = body_of(admin.get("/api/tasks"))
    changed = send_json(admin, "PATCH", f"/api/tasks/{task['id']}", {"done": True})
    created = body_of(send_json(admin, "POST", "/api/tasks", {"title": "The admin's"}))

    assert listed["total"] == 1
    assert body_of(changed)["done"] is True
    assert Task.objects.get(pk=created["id"]).owner == superuser


def test_tasks_need_a_token(anonymous_client: Client, create_task: CreateTask) -> None:
    task = create_task()

    for response in (
        anonymous_client.get("/api/tasks"),
        send_json(anonymous_client, "POST", "/api/tasks", {"title": "Anonymous"}),
        anonymous_client.get(f"/api/tasks/{task['id']}"),
        anonymous_client.delete(f"/api/tasks/{task['id']}"),
    ):
        assert assert_problem(response, 401)["detail"] == "Missing or invalid access token."
        assert response["WWW-Authenticate"] == "Bearer"
{%- endif %}
