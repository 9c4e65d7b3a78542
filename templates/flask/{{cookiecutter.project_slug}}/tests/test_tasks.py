"""The sample resource, tasks: every route, its rules and its documentation, and `flask seed`.

`forge remove-endpoint tasks` removes this file with the resource; the skeleton's other tests
do not depend on it.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
{% if cookiecutter.auth == "jwt" %}
from app.models.user import User
{%- endif %}
from tests.test_validation import assert_problem

CreateTask = Callable[..., dict[str, Any]]
PATH = "/api/tasks"
ITEM = "/api/tasks/{task_id}"
# What generated clients name their functions after: the same in every forge skeleton.
OPERATIONS = {
    (PATH, "get"): "list_tasks",
    (PATH, "post"): "create_task",
    (ITEM, "get"): "get_task",
    (ITEM, "put"): "replace_task",
    (ITEM, "patch"): "update_task",
    (ITEM, "delete"): "delete_task",
}
UNKNOWN = "Unknown query parameter."


@pytest.fixture
def create_task(client: FlaskClient) -> CreateTask:
    def create(title: str = "Buy milk", *, done: bool = False) -> dict[str, Any]:
        response = client.post(PATH, json={"title": title, "done": done})
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.get_json()
        return body

    return create


def test_create_returns_the_task_and_its_location(client: FlaskClient) -> None:
    response = client.post("/api/tasks", json={"title": "  Buy milk  ", "done": False})

    assert response.status_code == 201
    task = response.get_json()
    assert set(task) == {"id", "title", "done", "created_at"}
    assert task["title"] == "Buy milk"
    assert task["done"] is False
    assert response.headers["location"] == f"/api/tasks/{task['id']}"
    assert task["created_at"].endswith("Z")
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None


def test_done_defaults_to_false(client: FlaskClient) -> None:
    response = client.post("/api/tasks", json={"title": "Walk"})

    assert response.status_code == 201
    assert response.get_json()["done"] is False


def test_get_returns_the_stored_task(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task("Read", done=True)

    response = client.get(f"/api/tasks/{task['id']}")

    assert response.status_code == 200
    assert response.get_json() == task


def test_put_replaces_the_whole_task(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task("Draft", done=True)

    response = client.put(f"/api/tasks/{task['id']}", json={"title": "Final "})

    assert response.status_code == 200
    assert response.get_json() == {**task, "title": "Final", "done": False}


def test_put_requires_the_title(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task()

    response = client.put(f"/api/tasks/{task['id']}", json={"done": True})

    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"pointer": "#/title", "detail": "Field required"}]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"done": True}, {"title": "Walk", "done": True}, id="done-only"),
        pytest.param({"title": " Run "}, {"title": "Run", "done": False}, id="title-only"),
        pytest.param({}, {"title": "Walk", "done": False}, id="nothing"),
    ],
)
def test_patch_changes_only_what_is_sent(
    client: FlaskClient,
    create_task: CreateTask,
    change: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    task = create_task("Walk")

    response = client.patch(f"/api/tasks/{task['id']}", json=change)

    assert response.status_code == 200
    assert response.get_json() == {**task, **expected}
    assert client.get(f"/api/tasks/{task['id']}").get_json() == {**task, **expected}


def test_patch_refuses_null(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task()

    response = client.patch(f"/api/tasks/{task['id']}", json={"title": None})

    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "#/title"


def test_delete_removes_the_task(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task()

    response = client.delete(f"/api/tasks/{task['id']}")

    assert response.status_code == 204
    assert response.data == b""
    assert "content-type" not in response.headers
    assert client.get(f"/api/tasks/{task['id']}").status_code == 404


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("task_id", ["999999", "abc", "1.5", "-1", "0", "9" * 30])
def test_unknown_or_malformed_id_is_404(client: FlaskClient, method: str, task_id: str) -> None:
    response = client.open(f"/api/tasks/{task_id}", method=method, json={"title": "x"})

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_list_is_paginated_in_id_order(client: FlaskClient, create_task: CreateTask) -> None:
    ids = [create_task(f"Task {n}")["id"] for n in range(25)]

    first = client.get("/api/tasks").get_json()
    third = client.get("/api/tasks", query_string={"page": 3, "per_page": 10}).get_json()

    assert [task["id"] for task in first["items"]] == ids[:10]
    assert {k: first[k] for k in ("page", "per_page", "total", "pages")} == {
        "page": 1,
        "per_page": 10,
        "total": 25,
        "pages": 3,
    }
    assert [task["id"] for task in third["items"]] == ids[20:]


@pytest.mark.parametrize("page", [2, 10**6, 10**30])
def test_page_past_the_end_is_empty(
    client: FlaskClient, create_task: CreateTask, page: int
) -> None:
    create_task()

    response = client.get("/api/tasks", query_string={"page": page})

    assert response.status_code == 200
    empty = {"items": [], "page": page, "per_page": 10, "total": 1, "pages": 1}
    assert response.get_json() == empty


def test_empty_list(client: FlaskClient) -> None:
    response = client.get("/api/tasks")

    assert response.get_json() == {"items": [], "page": 1, "per_page": 10, "total": 0, "pages": 0}


def test_per_page_bounds(client: FlaskClient, create_task: CreateTask) -> None:
    for n in range(3):
        create_task(f"Task {n}")

    one = client.get("/api/tasks", query_string={"per_page": 1}).get_json()
    hundred = client.get("/api/tasks", query_string={"per_page": 100}).get_json()

    assert (len(one["items"]), one["pages"]) == (1, 3)
    assert (len(hundred["items"]), hundred["pages"]) == (3, 1)


@pytest.mark.parametrize(("done", "titles"), [("true", ["B"]), ("false", ["A", "C"])])
def test_filter_by_done(
    client: FlaskClient, create_task: CreateTask, done: str, titles: list[str]
) -> None:
    create_task("A")
    create_task("B", done=True)
    create_task("C")

    body = client.get("/api/tasks", query_string={"done": done}).get_json()

    assert [task["title"] for task in body["items"]] == titles
    assert body["total"] == len(titles)


def test_titles_round_trip_intact(client: FlaskClient) -> None:
    titles = ["Robert'); DROP TABLE tasks;--", "naïve café ✓ 東京 🚀", "x" * 200]

    created = [client.post("/api/tasks", json={"title": t}) for t in titles]

    assert [r.get_json()["title"] for r in created] == titles
    listed = client.get("/api/tasks").get_json()["items"]
    assert [task["title"] for task in listed] == titles


def test_a_write_with_an_unknown_parameter_changes_nothing(
    client: FlaskClient, create_task: CreateTask
) -> None:
    task = create_task("Kept")

    created = client.post(PATH, query_string={"dry": "1"}, json={"title": "Not created"})
    deleted = client.delete(f"{PATH}/{task['id']}", query_string={"force": "1"})

    assert assert_problem(created, 422)["errors"] == [{"parameter": "dry", "detail": UNKNOWN}]
    assert assert_problem(deleted, 422)["errors"] == [{"parameter": "force", "detail": UNKNOWN}]
    assert client.get(PATH).get_json()["items"] == [task]


def test_head_of_a_task_and_of_a_missing_one(client: FlaskClient, create_task: CreateTask) -> None:
    url = f"{PATH}/{create_task()['id']}"

    found = client.head(url)
    missing = client.head(f"{PATH}/999999999")

    assert (found.status_code, found.data) == (200, b"")
    assert found.headers["content-type"] == "application/json"
    assert found.headers["content-length"] == client.get(url).headers["content-length"]
    assert (missing.status_code, missing.data) == (404, b"")
    assert missing.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", PATH, "GET, HEAD, POST"),
        ("POST", f"{PATH}/1", "DELETE, GET, HEAD, PATCH, PUT"),
    ],
)
def test_wrong_method_is_405_with_allow(
    client: FlaskClient, method: str, path: str, allow: str
) -> None:
    response = client.open(path, method=method)

    assert_problem(response, 405)
    assert response.headers["allow"] == allow


def test_operations_are_named_and_tagged(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").get_json()["paths"]

    assert {key: paths[key[0]][key[1]]["operationId"] for key in OPERATIONS} == OPERATIONS
    assert all(paths[path][method]["tags"] == ["tasks"] for path, method in OPERATIONS)
    assert set(paths[ITEM]) == {"get", "put", "patch", "delete"}


def test_every_answer_an_operation_can_give_is_documented(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").get_json()["paths"]

    def statuses(path: str, method: str) -> set[str]:
        return set(paths[path][method]["responses"])
{% if cookiecutter.auth == "jwt" %}
    everywhere = {"401", "414", "422", "500"}
{%- else %}
    everywhere = {"414", "422", "500"}
{%- endif %}
    body_errors = everywhere | {"400", "413", "415"}
    assert statuses(PATH, "get") == {"200"} | everywhere
    assert statuses(PATH, "post") == {"201"} | body_errors
    assert statuses(ITEM, "put") == {"200", "404"} | body_errors
    assert statuses(ITEM, "patch") == {"200", "404"} | body_errors
    assert statuses(ITEM, "get") == {"200", "404"} | everywhere
    # Other rows may refer to a task: the database refuses to delete it then.
    assert statuses(ITEM, "delete") == {"204", "404", "409"} | everywhere
    assert paths[PATH]["post"]["responses"]["201"]["headers"]["Location"]
{%- if cookiecutter.auth == "jwt" %}
    assert all(
        paths[path][method]["security"] == [{"bearerAuth": []}] for path, method in OPERATIONS
    )
{%- endif %}


def test_request_bodies_are_required_and_closed(client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()
    schemas = document["components"]["schemas"]

    for name in ("TaskCreate", "TaskReplace", "TaskPatch"):
        assert schemas[name]["additionalProperties"] is False, name
    for path, method in [(PATH, "post"), (ITEM, "put"), (ITEM, "patch")]:
        assert document["paths"][path][method]["requestBody"]["required"] is True


def test_schemas_carry_examples_that_are_answered_as_documented(client: FlaskClient) -> None:
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    example = schemas["TaskCreate"]["examples"][0]

    created = client.post(PATH, json=example)

    assert created.status_code == 201, created.text
    answer = schemas["TaskOut"]["examples"][0]
    assert {**created.get_json(), "id": 1, "created_at": answer["created_at"]} == answer
    assert set(schemas["TaskPage"]["properties"]) == {"items", "page", "per_page", "total", "pages"}

{% if cookiecutter.auth == "jwt" %}
def test_seed_creates_sample_tasks(client: FlaskClient, runner: FlaskCliRunner, user: User) -> None:
    result = runner.invoke(args=["seed", "--count", "7", "--owner", user.email.upper()])

    assert result.exit_code == 0, result.output
    assert result.output == f"Created 7 sample tasks for {user.email}.\n"
{%- else %}
def test_seed_creates_sample_tasks(client: FlaskClient, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "--count", "7"])

    assert result.exit_code == 0, result.output
    assert result.output == "Created 7 sample tasks.\n"
{%- endif %}
    listed = client.get(PATH, query_string={"per_page": 100}).get_json()
    assert listed["total"] == 7
    assert all(task["title"] for task in listed["items"])


def test_seed_refuses_a_count_out_of_range(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "--count", "0"])

    assert result.exit_code == 2
    assert "--count" in result.output
{%- if cookiecutter.auth == "jwt" %}


def test_seed_needs_an_existing_owner(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "--owner", "nobody@example.com"])

    assert result.exit_code == 2
    assert "No user has the email address nobody@example.com" in result.output


def test_every_operation_needs_a_token(anonymous_client: FlaskClient) -> None:
    for (path, method), _ in OPERATIONS.items():
        response = anonymous_client.open(path.format(task_id=1), method=method, json={})

        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_task_belongs_to_its_creator(
    client: FlaskClient, other_client: FlaskClient, create_task: CreateTask
) -> None:
    mine = create_task("Mine")
    other_client.post(PATH, json={"title": "Theirs"})
    item = f"{PATH}/{mine['id']}"

    # Another user's task is not found, exactly as a missing one, and is not counted.
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        response = other_client.open(item, method=method, json={"title": "Taken"})
        assert assert_problem(response, 404)["detail"] == f"Task {mine['id']} was not found."
    theirs = other_client.get(PATH).get_json()
    assert [task["title"] for task in theirs["items"]] == ["Theirs"]
    assert theirs["total"] == 1
    assert client.get(item).get_json() == mine
    assert client.get(PATH).get_json()["total"] == 1


def test_a_superuser_sees_and_changes_every_task(
    superuser_client: FlaskClient, create_task: CreateTask
) -> None:
    task = create_task("Mine")
    superuser_client.post(PATH, json={"title": "Root's"})

    listed = superuser_client.get(PATH).get_json()
    assert [item["title"] for item in listed["items"]] == ["Mine", "Root's"]
    assert listed["total"] == 2
    changed = superuser_client.patch(f"{PATH}/{task['id']}", json={"done": True})
    assert changed.get_json() == {**task, "done": True}
    assert superuser_client.delete(f"{PATH}/{task['id']}").status_code == 204
{%- endif %}
