"""The contract's validation rules, identical in every forge skeleton."""

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from tests.conftest import CreateTask, body_of, send_json


def assert_problem(response: HttpResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = body_of(response)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


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
        pytest.param({"title": "ok", "done": 1}, "#/done", id="done-number"),
        pytest.param({"title": "ok", "done": None}, "#/done", id="done-null"),
        pytest.param({"title": "ok", "priority": 3}, "#/priority", id="unknown-field"),
    ],
)
def test_invalid_body_is_422_with_a_pointer(
    client: Client, body: dict[str, Any], pointer: str
) -> None:
    response = send_json(client, "POST", "/api/tasks", body)

    problem = assert_problem(response, 422)
    assert problem["title"] == "Unprocessable Content"
    assert problem["detail"] == "The request did not validate."
    assert [error["pointer"] for error in problem["errors"]] == [pointer]
    assert all(error["detail"] for error in problem["errors"])


def test_every_error_is_reported(client: Client) -> None:
    response = send_json(client, "POST", "/api/tasks", {"title": "", "done": "no", "extra": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/title", "#/done", "#/extra"}


def test_title_of_200_characters_after_stripping_is_accepted(client: Client) -> None:
    response = send_json(client, "POST", "/api/tasks", {"title": f"  {'x' * 200}  "})

    assert response.status_code == 201
    assert body_of(response)["title"] == "x" * 200


def test_patch_validates_like_create(client: Client, create_task: CreateTask) -> None:
    task = create_task()

    response = send_json(client, "PATCH", f"/api/tasks/{task['id']}", {"done": "true", "x": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/done", "#/x"}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        pytest.param({"page": 0}, "page", id="page-zero"),
        pytest.param({"page": "x"}, "page", id="page-not-int"),
        pytest.param({"page": ""}, "page", id="page-empty"),
        pytest.param({"per_page": 0}, "per_page", id="per-page-zero"),
        pytest.param({"per_page": 101}, "per_page", id="per-page-over-100"),
        pytest.param({"done": "yes"}, "done", id="done-not-boolean"),
        pytest.param({"done": "1"}, "done", id="done-number"),
    ],
)
def test_invalid_query_is_422_naming_the_parameter(
    client: Client, params: dict[str, Any], parameter: str
) -> None:
    response = client.get("/api/tasks", params)

    errors = assert_problem(response, 422)["errors"]
    assert [error["parameter"] for error in errors] == [parameter]
    assert "pointer" not in errors[0]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"{not json", id="malformed"),
        pytest.param(b'["a list"]', id="array"),
        pytest.param(b'"a string"', id="string"),
        pytest.param(b"42", id="number"),
        pytest.param(b"null", id="null"),
        pytest.param(b'{"title": "\xff\xfe"}', id="invalid-utf8"),
        pytest.param(b"", id="empty"),
    ],
)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_body_that_is_not_a_json_object_is_400(
    client: Client, create_task: CreateTask, content: bytes, method: str
) -> None:
    task = create_task()
    url = "/api/tasks" if method == "POST" else f"/api/tasks/{task['id']}"

    response = client.generic(method, url, content, content_type="application/json")

    problem = assert_problem(response, 400)
    assert "errors" not in problem


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_body_of_another_content_type_is_415(client: Client, content_type: str) -> None:
    response = client.generic("POST", "/api/tasks", b'{"title": "x"}', content_type=content_type)

    assert_problem(response, 415)


def test_json_with_charset_is_accepted(client: Client) -> None:
    response = client.generic(
        "POST", "/api/tasks", b'{"title": "x"}', content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 201
