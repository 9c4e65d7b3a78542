import httpx
import pytest

from tests.contract.checks import assert_problem, assert_task, create_task


def test_create(client: httpx.Client) -> None:
    response = client.post("/api/tasks", json={"title": "  Water the plants \n", "done": True})

    assert response.status_code == 201
    assert response.headers["content-type"].split(";")[0] == "application/json"
    task = response.json()
    assert_task(task)
    assert (task["title"], task["done"]) == ("Water the plants", True)
    assert response.headers["location"] == f"/api/tasks/{task['id']}"


def test_create_defaults_done_to_false(client: httpx.Client) -> None:
    assert create_task(client, "No done given")["done"] is False


def test_read(client: httpx.Client) -> None:
    task = create_task(client, "Read me")

    response = client.get(f"/api/tasks/{task['id']}")

    assert response.status_code == 200
    assert response.json() == task


def test_put_replaces_and_done_defaults_to_false(client: httpx.Client) -> None:
    task = create_task(client, "Before", done=True)

    response = client.put(f"/api/tasks/{task['id']}", json={"title": " After "})

    assert response.status_code == 200
    assert response.json() == {**task, "title": "After", "done": False}
    assert client.get(f"/api/tasks/{task['id']}").json() == response.json()


def test_put_requires_the_title(client: httpx.Client) -> None:
    task = create_task(client)

    response = client.put(f"/api/tasks/{task['id']}", json={"done": True})

    errors = assert_problem(response, 422)["errors"]
    assert [error["pointer"] for error in errors] == ["#/title"]


@pytest.mark.parametrize(
    "change",
    [{"done": True}, {"title": "Patched"}, {"title": " Both ", "done": True}, {}],
    ids=["done", "title", "both", "nothing"],
)
def test_patch_changes_only_what_is_sent(client: httpx.Client, change: dict) -> None:
    task = create_task(client, "Patch me")

    response = client.patch(f"/api/tasks/{task['id']}", json=change)

    expected = {**task, **{k: v.strip() if isinstance(v, str) else v for k, v in change.items()}}
    assert response.status_code == 200
    assert response.json() == expected
    assert client.get(f"/api/tasks/{task['id']}").json() == expected


@pytest.mark.parametrize("change", [{"title": None}, {"done": None}], ids=["title", "done"])
def test_patch_refuses_null(client: httpx.Client, change: dict) -> None:
    task = create_task(client)

    response = client.patch(f"/api/tasks/{task['id']}", json=change)

    errors = assert_problem(response, 422)["errors"]
    assert [error["pointer"] for error in errors] == [f"#/{next(iter(change))}"]


def test_delete(client: httpx.Client) -> None:
    task = create_task(client)

    response = client.delete(f"/api/tasks/{task['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert_problem(client.get(f"/api/tasks/{task['id']}"), 404)
    assert_problem(client.delete(f"/api/tasks/{task['id']}"), 404)


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "task_id",
    ["987654321", "abc", "1.5", "-1", "0", "1e3", "9" * 30],
    ids=["unknown", "word", "decimal", "negative", "zero", "exponent", "huge"],
)
def test_unknown_or_non_integer_id_is_404(client: httpx.Client, method: str, task_id: str) -> None:
    response = client.request(method, f"/api/tasks/{task_id}", json={"title": "x"})

    assert_problem(response, 404)
