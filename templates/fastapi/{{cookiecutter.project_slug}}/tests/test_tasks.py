"""The sample resource, tasks: CRUD, validation, filters, pages and its documentation.

`forge remove-endpoint tasks` removes these tests with the resource; the rest of the suite
does not depend on it.
"""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.test_validation import assert_problem
{%- if cookiecutter.auth == "jwt" %}

TOKEN_REQUIRED = [
    ("GET", "/api/tasks"),
    ("POST", "/api/tasks"),
    ("GET", "/api/tasks/{id}"),
    ("PUT", "/api/tasks/{id}"),
    ("PATCH", "/api/tasks/{id}"),
    ("DELETE", "/api/tasks/{id}"),
]
{%- endif %}

CreateTask = Callable[..., Any]
OPERATION_IDS = {
    ("/api/tasks", "get"): "list_tasks",
    ("/api/tasks", "post"): "create_task",
    ("/api/tasks/{task_id}", "get"): "get_task",
    ("/api/tasks/{task_id}", "put"): "replace_task",
    ("/api/tasks/{task_id}", "patch"): "update_task",
    ("/api/tasks/{task_id}", "delete"): "delete_task",
}
WHITE_SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"


@pytest.fixture
def create_task(client: httpx.AsyncClient) -> CreateTask:
    async def create(title: str = "Buy milk", *, done: bool = False) -> dict[str, Any]:
        response = await client.post("/api/tasks", json={"title": title, "done": done})
        assert response.status_code == 201, response.text
        task: dict[str, Any] = response.json()
        return task

    return create


async def test_create_returns_the_task_and_its_location(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/tasks", json={"title": "  Buy milk  ", "done": False})

    assert response.status_code == 201
    task = response.json()
    assert set(task) == {"id", "title", "done", "created_at"}
    assert task["title"] == "Buy milk"
    assert task["done"] is False
    assert response.headers["location"] == f"/api/tasks/{task['id']}"
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None


async def test_done_defaults_to_false(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/tasks", json={"title": "Walk"})

    assert response.status_code == 201
    assert response.json()["done"] is False


async def test_get_returns_the_stored_task(
    client: httpx.AsyncClient, create_task: CreateTask
) -> None:
    task = await create_task("Read", done=True)

    response = await client.get(f"/api/tasks/{task['id']}")

    assert response.status_code == 200
    assert response.json() == task


async def test_put_replaces_the_whole_task(
    client: httpx.AsyncClient, create_task: CreateTask
) -> None:
    task = await create_task("Draft", done=True)

    response = await client.put(f"/api/tasks/{task['id']}", json={"title": "Final "})

    assert response.status_code == 200
    assert response.json() == {**task, "title": "Final", "done": False}


async def test_put_requires_the_title(client: httpx.AsyncClient, create_task: CreateTask) -> None:
    task = await create_task()

    response = await client.put(f"/api/tasks/{task['id']}", json={"done": True})

    assert response.status_code == 422
    assert response.json()["errors"] == [{"pointer": "#/title", "detail": "Field required"}]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"done": True}, {"title": "Walk", "done": True}, id="done-only"),
        pytest.param({"title": " Run "}, {"title": "Run", "done": False}, id="title-only"),
        pytest.param({}, {"title": "Walk", "done": False}, id="nothing"),
    ],
)
async def test_patch_changes_only_what_is_sent(
    client: httpx.AsyncClient,
    create_task: CreateTask,
    change: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    task = await create_task("Walk")

    response = await client.patch(f"/api/tasks/{task['id']}", json=change)

    assert response.status_code == 200
    assert response.json() == {**task, **expected}
    assert (await client.get(f"/api/tasks/{task['id']}")).json() == {**task, **expected}


async def test_patch_refuses_null(client: httpx.AsyncClient, create_task: CreateTask) -> None:
    task = await create_task()

    response = await client.patch(f"/api/tasks/{task['id']}", json={"title": None})

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "#/title"


async def test_delete_removes_the_task(client: httpx.AsyncClient, create_task: CreateTask) -> None:
    task = await create_task()

    response = await client.delete(f"/api/tasks/{task['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(f"/api/tasks/{task['id']}")).status_code == 404


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("task_id", ["999999", "abc", "1.5", "-1", "0", "9" * 30])
async def test_unknown_or_malformed_id_is_404(
    client: httpx.AsyncClient, method: str, task_id: str
) -> None:
    response = await client.request(method, f"/api/tasks/{task_id}", json={"title": "x"})

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


async def test_list_is_paginated_in_id_order(
    client: httpx.AsyncClient, create_task: CreateTask
) -> None:
    ids = [(await create_task(f"Task {n}"))["id"] for n in range(25)]

    first = (await client.get("/api/tasks")).json()
    third = (await client.get("/api/tasks", params={"page": 3, "per_page": 10})).json()

    assert [task["id"] for task in first["items"]] == ids[:10]
    assert {k: first[k] for k in ("page", "per_page", "total", "pages")} == {
        "page": 1,
        "per_page": 10,
        "total": 25,
        "pages": 3,
    }
    assert [task["id"] for task in third["items"]] == ids[20:]


@pytest.mark.parametrize("page", [2, 10**6, 10**30])
async def test_page_past_the_end_is_empty(
    client: httpx.AsyncClient, create_task: CreateTask, page: int
) -> None:
    await create_task()

    response = await client.get("/api/tasks", params={"page": page})

    assert response.status_code == 200
    assert response.json() == {"items": [], "page": page, "per_page": 10, "total": 1, "pages": 1}


@pytest.mark.parametrize(
    ("tasks", "page", "statements"),
    [(0, 1, 1), (15, 1, 1), (15, 2, 1), (15, 3, 2), (15, 10**30, 1)],
)
async def test_a_page_and_its_total_are_one_statement(
    client: httpx.AsyncClient,
    create_task: CreateTask,
    sent_statements: list[str],
    tasks: int,
    page: int,
    statements: int,
) -> None:
    """The total rides on the page's rows; only a page past the end, which has none, is
    counted apart (and one beyond the database's integer range is only counted)."""
    for n in range(tasks):
        await create_task(f"Task {n}")
    sent_statements.clear()

    response = await client.get("/api/tasks", params={"page": page})

    assert response.status_code == 200
    assert response.json()["total"] == tasks
    assert len([sql for sql in sent_statements if re.search(r"\bFROM tasks\b", sql)]) == statements


async def test_empty_list(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/tasks")

    assert response.json() == {"items": [], "page": 1, "per_page": 10, "total": 0, "pages": 0}


async def test_per_page_bounds(client: httpx.AsyncClient, create_task: CreateTask) -> None:
    for n in range(3):
        await create_task(f"Task {n}")

    one = (await client.get("/api/tasks", params={"per_page": 1})).json()
    hundred = (await client.get("/api/tasks", params={"per_page": 100})).json()

    assert (len(one["items"]), one["pages"]) == (1, 3)
    assert (len(hundred["items"]), hundred["pages"]) == (3, 1)


@pytest.mark.parametrize(("done", "titles"), [("true", ["B"]), ("false", ["A", "C"])])
async def test_filter_by_done(
    client: httpx.AsyncClient, create_task: CreateTask, done: str, titles: list[str]
) -> None:
    await create_task("A")
    await create_task("B", done=True)
    await create_task("C")

    body = (await client.get("/api/tasks", params={"done": done})).json()

    assert [task["title"] for task in body["items"]] == titles
    assert body["total"] == len(titles)


async def test_titles_round_trip_intact(client: httpx.AsyncClient) -> None:
    titles = ["Robert'); DROP TABLE tasks;--", "naïve café ✓ 東京 🚀", "x" * 200]

    created = [await client.post("/api/tasks", json={"title": t}) for t in titles]

    assert [r.json()["title"] for r in created] == titles
    listed = (await client.get("/api/tasks")).json()["items"]
    assert [task["title"] for task in listed] == titles


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        pytest.param({"title": ""}, "#/title", id="empty-title"),
        pytest.param({"title": "   "}, "#/title", id="blank-title"),
        pytest.param({"title": "x" * 201}, "#/title", id="title-too-long"),
        pytest.param({"title": 5}, "#/title", id="title-not-string"),
        pytest.param({"title": None}, "#/title", id="title-null"),
        pytest.param({"title": "nul\u0000inside"}, "#/title", id="title-with-nul"),
        pytest.param({}, "#/title", id="title-missing"),
        pytest.param({"title": "ok", "done": "yes"}, "#/done", id="done-string"),
        pytest.param({"title": "ok", "done": None}, "#/done", id="done-null"),
        pytest.param({"title": "ok", "id": 3}, "#/id", id="id"),
    ],
)
async def test_invalid_task_is_422_with_a_pointer(
    client: httpx.AsyncClient, body: dict[str, Any], pointer: str
) -> None:
    response = await client.post("/api/tasks", json=body)

    assert [error["pointer"] for error in assert_problem(response, 422)["errors"]] == [pointer]
    assert (await client.get("/api/tasks")).json()["total"] == 0


@pytest.mark.parametrize("done", ["yes", "1", ""])
async def test_the_done_filter_is_true_or_false(client: httpx.AsyncClient, done: str) -> None:
    response = await client.get("/api/tasks", params={"done": done})

    errors = assert_problem(response, 422)["errors"]
    assert errors == [{"parameter": "done", "detail": "Input should be 'true' or 'false'"}]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/tasks"),
        ("POST", "/api/tasks"),
        ("GET", "/api/tasks/{id}"),
        ("PUT", "/api/tasks/{id}"),
        ("PATCH", "/api/tasks/{id}"),
        ("DELETE", "/api/tasks/{id}"),
    ],
)
async def test_an_unknown_query_parameter_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, create_task: CreateTask, method: str, path: str
) -> None:
    task = await create_task("Kept")
    json = {"title": "Changed"} if method in {"POST", "PUT", "PATCH"} else None

    response = await client.request(
        method, path.format(id=task["id"]), params={"verbose": "1"}, json=json
    )

    errors = assert_problem(response, 422)["errors"]
    assert errors == [{"parameter": "verbose", "detail": "Unknown query parameter."}]
    assert (await client.get("/api/tasks")).json()["items"] == [task]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/tasks", "GET, HEAD, POST"),
        ("POST", "/api/tasks/1", "DELETE, GET, HEAD, PATCH, PUT"),
    ],
)
async def test_wrong_method_is_405_with_allow(
    client: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    response = await client.request(method, path)

    assert_problem(response, 405)
    assert response.headers["allow"] == allow


async def test_head_of_a_task_and_of_a_missing_one(
    client: httpx.AsyncClient, create_task: CreateTask
) -> None:
    task = await create_task()

    found = await client.head(f"/api/tasks/{task['id']}")
    missing = await client.head("/api/tasks/999999")

    assert (found.status_code, found.content) == (200, b"")
    assert found.headers["content-type"] == "application/json"
    assert (missing.status_code, missing.content) == (404, b"")
    assert missing.headers["content-type"] == "application/problem+json"


async def test_openapi_documents_the_tasks(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    paths = document["paths"]
    operations = {
        (path, method): paths[path][method]["operationId"] for path, method in OPERATION_IDS
    }
    assert operations == OPERATION_IDS
    assert set(paths["/api/tasks"]) == {"get", "post"}
    assert set(paths["/api/tasks/{task_id}"]) == {"get", "put", "patch", "delete"}
    schemas = document["components"]["schemas"]
    assert {"Task" + kind for kind in ("Create", "Out", "Page", "Patch", "Replace")} <= set(schemas)
    listed = paths["/api/tasks"]["get"]["responses"]["200"]["content"]["application/json"]
    assert listed["schema"] == {"$ref": "#/components/schemas/TaskPage"}
    created = paths["/api/tasks"]["post"]["responses"]["201"]
    assert created["headers"]["Location"]["required"] is True
    assert created["headers"]["Location"]["schema"] == {"type": "string"}


async def test_every_answer_an_operation_can_give_is_documented(
    client: httpx.AsyncClient,
) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    statuses = {key: set(paths[key[0]][key[1]]["responses"]) for key in OPERATION_IDS}
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


async def test_schemas_carry_examples_the_api_accepts(client: httpx.AsyncClient) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]

    created = await client.post("/api/tasks", json=schemas["TaskCreate"]["examples"][0])
    patched = await client.patch(
        created.headers["location"], json=schemas["TaskPatch"]["examples"][0]
    )

    assert created.status_code == 201, created.text
    assert patched.status_code == 200, patched.text
    assert set(schemas["TaskOut"]["examples"][0]) == set(created.json())


@pytest.mark.parametrize(
    "title",
    [
        "x",
        " x\t",
        "x" * 200,
        WHITE_SPACE + "x" * 200 + WHITE_SPACE,
        "x" * 201,
        "  " + "x" * 199 + "\u3000x",
        "",
        WHITE_SPACE,
        *WHITE_SPACE,
        "\u001c",
        "\ufeff",
        "\u200b x \u180e",
        "a\u0000b",
        " \u0000 ",
    ],
)
async def test_documented_title_agrees_with_validation(
    client: httpx.AsyncClient, title: str
) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    title_schema = schemas["TaskCreate"]["properties"]["title"]

    response = await client.post("/api/tasks", json={"title": title})

    # No maxLength: it would count the white space that stripping drops.
    assert "maxLength" not in title_schema
    accepted = response.status_code == 201
    assert bool(re.search(title_schema["pattern"], title)) == accepted, response.text
{%- if cookiecutter.auth == "jwt" %}


@pytest.mark.parametrize(("method", "path"), TOKEN_REQUIRED)
async def test_every_operation_needs_a_token(
    anonymous_client: httpx.AsyncClient, create_task: CreateTask, method: str, path: str
) -> None:
    task = await create_task("Kept")
    json = {"title": ""} if method in {"POST", "PUT", "PATCH"} else None

    response = await anonymous_client.request(
        method, path.format(id=task["id"]), json=json, params={"verbose": "1"}
    )

    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path"), TOKEN_REQUIRED)
async def test_another_users_task_is_not_found(
    other_client: httpx.AsyncClient, create_task: CreateTask, method: str, path: str
) -> None:
    task = await create_task("Mine")
    json = {"title": "Theirs"} if method in {"PUT", "PATCH"} else None
    if method in {"GET", "POST"} and "{id}" not in path:
        return

    response = await other_client.request(method, path.format(id=task["id"]), json=json)

    assert_problem(response, 404)


async def test_each_user_lists_only_their_own_tasks(
    client: httpx.AsyncClient, other_client: httpx.AsyncClient, create_task: CreateTask
) -> None:
    mine = await create_task("Mine")
    theirs = (await other_client.post("/api/tasks", json={"title": "Theirs"})).json()

    listed = (await client.get("/api/tasks")).json()
    their_list = (await other_client.get("/api/tasks")).json()

    assert (listed["items"], listed["total"]) == ([mine], 1)
    assert (their_list["items"], their_list["total"]) == ([theirs], 1)
    assert (await client.get("/api/tasks", params={"done": "false"})).json()["total"] == 1


async def test_a_superuser_sees_and_changes_every_users_tasks(
    client: httpx.AsyncClient, superuser_client: httpx.AsyncClient, create_task: CreateTask
) -> None:
    task = await create_task("Mine")
    own = (await superuser_client.post("/api/tasks", json={"title": "Admin's"})).json()
    url = f"/api/tasks/{task['id']}"

    listed = (await superuser_client.get("/api/tasks")).json()
    patched = await superuser_client.patch(url, json={"done": True})
    deleted = await superuser_client.delete(url)

    assert (listed["items"], listed["total"]) == ([task, own], 2)
    assert patched.json() == {**task, "done": True}
    assert deleted.status_code == 204
    # The superuser's own task is theirs: its creator does not see it.
    assert (await client.get(f"/api/tasks/{own['id']}")).status_code == 404
{%- endif %}
