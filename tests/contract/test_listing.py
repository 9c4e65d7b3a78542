"""Listing: the envelope, id order, pagination limits and the `done` filter.

Other tests of the session add tasks to the same server, so these compare before and after.
"""

import httpx
import pytest

from tests.contract.checks import assert_problem, assert_task, create_task


def envelope(client: httpx.Client, **params: object) -> dict:
    response = client.get("/api/tasks", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"items", "page", "per_page", "total", "pages"}
    return body


def test_defaults_and_envelope(client: httpx.Client) -> None:
    create_task(client)

    body = envelope(client)

    assert (body["page"], body["per_page"]) == (1, 10)
    assert body["total"] >= 1
    assert body["pages"] == -(-body["total"] // 10)
    assert 1 <= len(body["items"]) <= 10
    for task in body["items"]:
        assert_task(task)


def test_pages_walk_every_task_in_id_order(client: httpx.Client) -> None:
    created = [create_task(client, f"Walk {n}")["id"] for n in range(7)]
    total = envelope(client)["total"]

    seen: list[int] = []
    pages = -(-total // 3)
    for page in range(1, pages + 1):
        body = envelope(client, page=page, per_page=3)
        assert (body["page"], body["per_page"], body["pages"]) == (page, 3, pages)
        seen += [task["id"] for task in body["items"]]

    assert seen == sorted(seen)
    assert len(seen) == total
    assert seen[-7:] == created


@pytest.mark.parametrize("per_page", [1, 100])
def test_per_page_limits_are_inclusive(client: httpx.Client, per_page: int) -> None:
    create_task(client)

    body = envelope(client, per_page=per_page)

    assert body["per_page"] == per_page
    assert len(body["items"]) == min(per_page, body["total"])


@pytest.mark.parametrize("page", [10**6, 10**18, 10**30])
def test_a_page_past_the_end_is_empty(client: httpx.Client, page: int) -> None:
    create_task(client)

    body = envelope(client, page=page)

    assert body["items"] == []
    assert body["page"] == page
    assert body["total"] >= 1


def test_filter_by_done(client: httpx.Client) -> None:
    done = create_task(client, "Done one", done=True)
    todo = create_task(client, "Todo one")

    finished = envelope(client, done="true", per_page=100, page=1)
    open_ = envelope(client, done="false", per_page=100)
    everything = envelope(client)

    assert all(task["done"] for task in finished["items"])
    assert not any(task["done"] for task in open_["items"])
    assert finished["total"] + open_["total"] == everything["total"]
    last_pages = {
        "true": envelope(client, done="true", per_page=1, page=finished["total"])["items"],
        "false": envelope(client, done="false", per_page=1, page=open_["total"])["items"],
    }
    assert last_pages == {"true": [done], "false": [todo]}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": 101}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
        ({"done": "yes"}, "done"),
        ({"done": "1"}, "done"),
    ],
    ids=lambda value: str(value),
)
def test_invalid_query_is_422_naming_the_parameter(
    client: httpx.Client, params: dict, parameter: str
) -> None:
    response = client.get("/api/tasks", params=params)

    errors = assert_problem(response, 422)["errors"]
    assert [error["parameter"] for error in errors] == [parameter]
    assert all(isinstance(error["detail"], str) and error["detail"] for error in errors)
