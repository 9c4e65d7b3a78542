"""Body validation, identical in the three frameworks."""

import httpx
import pytest

from tests.contract.checks import assert_problem, create_task

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("body", "pointers"),
    [
        pytest.param({"title": ""}, ["#/title"], id="empty-title"),
        pytest.param({"title": " \t\n "}, ["#/title"], id="blank-title"),
        pytest.param({"title": "x" * 201}, ["#/title"], id="title-too-long"),
        pytest.param({"title": 5}, ["#/title"], id="title-number"),
        pytest.param({"title": ["a"]}, ["#/title"], id="title-list"),
        pytest.param({"title": None}, ["#/title"], id="title-null"),
        pytest.param({}, ["#/title"], id="title-missing"),
        pytest.param({"title": "ok", "done": "yes"}, ["#/done"], id="done-string"),
        pytest.param({"title": "ok", "done": 1}, ["#/done"], id="done-number"),
        pytest.param({"title": "ok", "done": None}, ["#/done"], id="done-null"),
        pytest.param({"title": "ok", "colour": "red"}, ["#/colour"], id="unknown-field"),
        pytest.param({"title": "ok", "id": 7}, ["#/id"], id="read-only-field"),
    ],
)
def test_invalid_body_is_422_with_pointers(
    client: httpx.Client, body: dict, pointers: list[str]
) -> None:
    response = client.post("/api/tasks", json=body)

    problem = assert_problem(response, 422)
    assert [error["pointer"] for error in problem["errors"]] == pointers
    assert all(isinstance(error["detail"], str) and error["detail"] for error in problem["errors"])


def test_all_errors_are_reported_at_once(client: httpx.Client) -> None:
    response = client.post("/api/tasks", json={"title": "", "done": "no", "extra": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/title", "#/done", "#/extra"}


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("\u3000\u00a0x\u0085\u2028", "x"),  # Unicode white space is stripped...
        ("\u001cx\u001f", "\u001cx\u001f"),  # ...control characters that are not, are kept
        ("\u200bx\ufeff", "\u200bx\ufeff"),  # ...and so are zero-width characters
    ],
    ids=["unicode-space", "separators", "zero-width"],
)
def test_the_same_characters_are_stripped_everywhere(
    client: httpx.Client, sent: str, stored: str
) -> None:
    assert create_task(client, sent)["title"] == stored


def test_two_hundred_characters_after_stripping_are_accepted(client: httpx.Client) -> None:
    task = create_task(client, "  " + "y" * 200 + "  ")

    assert task["title"] == "y" * 200


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_updates_validate_like_create(client: httpx.Client, method: str) -> None:
    task = create_task(client)

    response = client.request(method, f"/api/tasks/{task['id']}", json={"title": 5, "x": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/title", "#/x"}


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'["a list"]', b'"a string"', b"42", b"null", b"true", b""],
    ids=["malformed", "array", "string", "number", "null", "boolean", "empty"],
)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_a_body_that_is_not_a_json_object_is_400(
    client: httpx.Client, content: bytes, method: str
) -> None:
    task = create_task(client)
    url = "/api/tasks" if method == "POST" else f"/api/tasks/{task['id']}"

    response = client.request(method, url, content=content, headers=JSON)

    assert_problem(response, 400)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_another_content_type_is_415(client: httpx.Client, content_type: str, method: str) -> None:
    task = create_task(client)
    url = "/api/tasks" if method == "POST" else f"/api/tasks/{task['id']}"

    response = client.request(
        method, url, content=b'{"title": "x"}', headers={"content-type": content_type}
    )

    assert_problem(response, 415)


def test_json_with_a_charset_is_json(client: httpx.Client) -> None:
    response = client.post(
        "/api/tasks",
        content=b'{"title": "charset"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )

    assert response.status_code == 201
