from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from tests.conftest import CreateTask, body_of, send_json


def test_create_returns_the_task_and_its_location(client: Client) -> None:
    response = send_json(client, "POST", "/api/tasks", {"title": "  Buy milk  ", "done": False})

    assert response.status_code == 201
    task = body_of(response)
    assert set(task) == {"id", "title", "done", "created_at"}
    assert task["title"] == "Buy milk"
    assert task["done"] is False
    assert response["Location"] == f"/api/tasks/{task['id']}"
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None


def test_done_defaults_to_false(client: Client) -> None:
    response = send_json(client, "POST", "/api/tasks", {"title": "Walk"})

    assert response.status_code == 201
    assert body_of(response)["done"] is False


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
