"""The contract's validation rules, identical in every forge skeleton."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

CreateTask = Callable[..., dict[str, Any]]


def assert_problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json
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
    client: FlaskClient, body: dict[str, Any], pointer: str
) -> None:
    response = client.post("/api/tasks", json=body)

    problem = assert_problem(response, 422)
    assert problem["title"] == "Unprocessable Content"
    assert problem["detail"] == "The request did not validate."
    assert [error["pointer"] for error in problem["errors"]] == [pointer]
    assert all(error["detail"] for error in problem["errors"])


def test_every_error_is_reported(client: FlaskClient) -> None:
    response = client.post("/api/tasks", json={"title": "", "done": "no", "extra": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/title", "#/done", "#/extra"}


def test_title_of_200_characters_after_stripping_is_accepted(client: FlaskClient) -> None:
    response = client.post("/api/tasks", json={"title": f"  {'x' * 200}  "})

    assert response.status_code == 201
    assert response.json["title"] == "x" * 200


@pytest.mark.parametrize(
    ("title", "stored"),
    [
        pytest.param("\u00a0Tea\u3000", "Tea", id="unicode-spaces"),
        pytest.param("\u0085Tea\u2028", "Tea", id="unicode-line-breaks"),
        pytest.param("\ufeffTea\u001c", "\ufeffTea\u001c", id="not-white-space"),
    ],
)
def test_title_is_stripped_of_unicode_white_space(
    client: FlaskClient, title: str, stored: str
) -> None:
    # Unicode's White_Space characters, as the FastAPI skeleton strips them.
    response = client.post("/api/tasks", json={"title": title})

    assert response.status_code == 201
    assert response.json["title"] == stored


def test_patch_validates_like_create(client: FlaskClient, create_task: CreateTask) -> None:
    task = create_task()

    response = client.patch(f"/api/tasks/{task['id']}", json={"done": "true", "x": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/done", "#/x"}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        pytest.param({"page": 0}, "page", id="page-zero"),
        pytest.param({"page": "x"}, "page", id="page-not-int"),
        pytest.param({"per_page": 0}, "per_page", id="per-page-zero"),
        pytest.param({"per_page": 101}, "per_page", id="per-page-over-100"),
        pytest.param({"done": "yes"}, "done", id="done-not-boolean"),
        pytest.param({"done": "1"}, "done", id="done-number"),
    ],
)
def test_invalid_query_is_422_naming_the_parameter(
    client: FlaskClient, params: dict[str, Any], parameter: str
) -> None:
    response = client.get("/api/tasks", query_string=params)

    errors = assert_problem(response, 422)["errors"]
    assert [error["parameter"] for error in errors] == [parameter]
    assert "pointer" not in errors[0]


UNKNOWN = "Unknown query parameter."
LIBRARY_PREFIXES = ("Value error, ", "Assertion failed, ")


def test_an_unknown_filter_is_422_not_the_whole_list(client: FlaskClient) -> None:
    response = client.get("/api/tasks", query_string={"author_id": 1})

    errors = assert_problem(response, 422)["errors"]
    assert errors == [{"parameter": "author_id", "detail": UNKNOWN}]


def test_each_unknown_parameter_is_named_beside_other_errors(client: FlaskClient) -> None:
    response = client.get("/api/tasks", query_string={"sort": "id", "author_id": 1, "per_page": 0})

    errors = assert_problem(response, 422)["errors"]
    assert sorted(errors, key=lambda error: error["parameter"]) == [
        {"parameter": "author_id", "detail": UNKNOWN},
        {"parameter": "per_page", "detail": "Input should be greater than or equal to 1"},
        {"parameter": "sort", "detail": UNKNOWN},
    ]


def test_every_operation_refuses_unknown_parameters(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").json["paths"]
    # Every documented operation, of every resource; the id of one that need not exist, since
    # the query is refused first.
    operations = [
        (method.upper(), re.sub(r"{\w+}", "1", path))
        for path, item in paths.items()
        for method in item
    ]

    for method, path in operations:
        response = client.open(path, method=method, query_string={"verbose": "1"}, json={})

        errors = assert_problem(response, 422)["errors"]
        assert errors == [{"parameter": "verbose", "detail": UNKNOWN}], (method, path)


def test_a_write_with_an_unknown_parameter_changes_nothing(
    client: FlaskClient, create_task: CreateTask
) -> None:
    task = create_task("Kept")

    created = client.post("/api/tasks", query_string={"dry": "1"}, json={"title": "Not created"})
    deleted = client.delete(f"/api/tasks/{task['id']}", query_string={"force": "1"})

    assert assert_problem(created, 422)["errors"][0]["parameter"] == "dry"
    assert assert_problem(deleted, 422)["errors"][0]["parameter"] == "force"
    assert client.get("/api/tasks").json["items"] == [task]


def test_known_parameters_together_are_fine(client: FlaskClient) -> None:
    response = client.get("/api/tasks", query_string={"done": "true", "page": 2, "per_page": 5})

    assert response.status_code == 200, response.text


def test_a_bad_boolean_says_so_in_the_skeletons_words(client: FlaskClient) -> None:
    response = client.get("/api/tasks", query_string={"done": "maybe"})

    errors = assert_problem(response, 422)["errors"]
    assert errors == [{"parameter": "done", "detail": "Input should be 'true' or 'false'"}]


@pytest.mark.parametrize(
    "body",
    [
        {"title": ""},
        {"title": " \t "},
        {"title": "x" * 201},
        {"title": "a\u0000b"},
        {"title": 5},
        {"title": "ok", "done": "yes"},
        {"title": "ok", "extra": 1},
        {},
    ],
    ids=["empty", "blank", "long", "nul", "number", "string-bool", "unknown-field", "missing"],
)
def test_error_texts_carry_no_library_prefix(client: FlaskClient, body: dict[str, Any]) -> None:
    problem = assert_problem(client.post("/api/tasks", json=body), 422)

    details = [error["detail"] for error in problem["errors"]] + [problem["detail"]]
    assert not [detail for detail in details if detail.startswith(LIBRARY_PREFIXES)], details


@pytest.mark.parametrize(
    ("query", "status", "page"),
    [
        pytest.param("page=x&page=2", 200, 2, id="valid-last"),
        pytest.param("page=2&page=x", 422, None, id="invalid-last"),
        pytest.param("page=3&page=2", 200, 2, id="both-valid"),
    ],
)
def test_repeated_query_parameter_takes_its_last_value(
    client: FlaskClient, query: str, status: int, page: int | None
) -> None:
    # As the other forge skeletons read a query string.
    response = client.get(f"/api/tasks?{query}")

    assert response.status_code == status, response.text
    if page is not None:
        assert response.json["page"] == page


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
    client: FlaskClient, create_task: CreateTask, content: bytes, method: str
) -> None:
    task = create_task()
    url = "/api/tasks" if method == "POST" else f"/api/tasks/{task['id']}"

    response = client.open(url, method=method, data=content, content_type="application/json")

    problem = assert_problem(response, 400)
    assert "errors" not in problem


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_body_of_another_content_type_is_415(client: FlaskClient, content_type: str) -> None:
    response = client.post("/api/tasks", data=b'{"title": "x"}', content_type=content_type)

    assert_problem(response, 415)


def test_json_with_charset_is_accepted(client: FlaskClient) -> None:
    response = client.post(
        "/api/tasks", data=b'{"title": "x"}', content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 201
