from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from flask.testing import FlaskClient

CreateTask = Callable[..., dict[str, Any]]


def test_create_returns_the_task_and_its_location(client: FlaskClient) -> None:
    response = client.post("/api/tasks", json={"title": "  Buy milk  ", "done": False})

    assert response.status_code == 201
    task = response.json
    assert set(task) == {"id", "title", "done", "created_at"}
    assert task["title"] == "Buy milk"
    assert task["done"] is False
    assert response.headers["location"] == f"/api/tasks/{task['id']}"
    assert task["created_at"].endswith("Z")
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None


def test_done_defaults_to_false(client: FlaskClient) -> None:
    response = client.post("/api/tasks", json={"title": "Walk"})

    assert response.status_code == 201
    assert response.json["done"] is False


def test_get_returns_the_stored_task(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task("Read", done=True)

    response = client.get(f"/api/tasks/{task['id']}")

    assert response.status_code == 200
    assert response.json == task


def test_put_replaces_the_whole_task(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task("Draft", done=True)

    response = client.put(f"/api/tasks/{task['id']}", json={"title": "Final "})

    assert response.status_code == 200
    assert response.json == {**task, "title": "Final", "done": False}


def test_put_requires_the_title(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task()

    response = client.put(f"/api/tasks/{task['id']}", json={"done": True})

    assert response.status_code == 422
    assert response.json["errors"] == [{"pointer": "#/title", "detail": "Field required"}]


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
    assert response.json == {**task, **expected}
    assert client.get(f"/api/tasks/{task['id']}").json == {**task, **expected}


def test_patch_refuses_null(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task()

    response = client.patch(f"/api/tasks/{task['id']}", json={"title": None})

    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "#/title"


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
    assert response.json["status"] == 404


def test_list_is_paginated_in_id_order(client: FlaskClient, create_task: CreateTask) -> None:
    ids = [create_task(f"Task {n}")["id"] for n in range(25)]

    first = client.get("/api/tasks").json
    third = client.get("/api/tasks", query_string={"page": 3, "per_page": 10}).json

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
    assert response.json == {"items": [], "page": page, "per_page": 10, "total": 1, "pages": 1}


def test_empty_list(client: FlaskClient) -> None:
    response = client.get("/api/tasks")

    assert response.json == {"items": [], "page": 1, "per_page": 10, "total": 0, "pages": 0}


def test_per_page_bounds(client: FlaskClient, create_task: CreateTask) -> None:
    for n in range(3):
        create_task(f"Task {n}")

    one = client.get("/api/tasks", query_string={"per_page": 1}).json
    hundred = client.get("/api/tasks", query_string={"per_page": 100}).json

    assert (len(one["items"]), one["pages"]) == (1, 3)
    assert (len(hundred["items"]), hundred["pages"]) == (3, 1)


@pytest.mark.parametrize(("done", "titles"), [("true", ["B"]), ("false", ["A", "C"])])
def test_filter_by_done(
    client: FlaskClient, create_task: CreateTask, done: str, titles: list[str]
) -> None:
    create_task("A")
    create_task("B", done=True)
    create_task("C")

    body = client.get("/api/tasks", query_string={"done": done}).json

    assert [task["title"] for task in body["items"]] == titles
    assert body["total"] == len(titles)


def test_titles_round_trip_intact(client: FlaskClient) -> None:
    titles = ["Robert'); DROP TABLE tasks;--", "naïve café ✓ 東京 🚀", "x" * 200]

    created = [client.post("/api/tasks", json={"title": t}) for t in titles]

    assert [r.json["title"] for r in created] == titles
    listed = client.get("/api/tasks").json["items"]
    assert [task["title"] for task in listed] == titles
