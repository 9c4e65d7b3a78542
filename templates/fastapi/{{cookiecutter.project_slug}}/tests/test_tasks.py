from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

CreateTask = Callable[..., Any]


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
