"""The contract's validation rules, identical in every forge skeleton, as every resource's views
apply them (tried on tests.probes, which use the same base view and fields)."""

from typing import Any

import pytest
from django.test import Client

from tests.conftest import assert_problem, body_of, send_json
from tests.probes import PATH

pytestmark = pytest.mark.urls("tests.probes")


@pytest.fixture
def item(client: Client) -> str:
    """The URL of a probe that exists."""
    response = send_json(client, "POST", PATH, {"title": "Existing"})
    assert response.status_code == 201, response.content
    return response["Location"]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        pytest.param({"title": ""}, "#/title", id="empty-title"),
        pytest.param({"title": "   "}, "#/title", id="blank-title"),
        pytest.param({"title": "x" * 201}, "#/title", id="title-too-long"),
        pytest.param({"title": 5}, "#/title", id="title-not-string"),
        pytest.param({"title": None}, "#/title", id="title-null"),
        pytest.param({"title": "nul\u0000inside"}, "#/title", id="title-with-nul"),
        pytest.param({"title": "\ud800"}, "#/title", id="title-lone-surrogate"),
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
    response = send_json(client, "POST", PATH, body)

    problem = assert_problem(response, 422)
    assert problem["title"] == "Unprocessable Content"
    assert problem["detail"] == "The request did not validate."
    assert [error["pointer"] for error in problem["errors"]] == [pointer]
    assert all(error["detail"] for error in problem["errors"])


def test_every_error_is_reported(client: Client) -> None:
    response = send_json(client, "POST", PATH, {"title": "", "done": "no", "extra": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/title", "#/done", "#/extra"}


def test_a_title_of_200_characters_after_stripping_is_accepted(client: Client) -> None:
    response = send_json(client, "POST", PATH, {"title": f"  {'x' * 200}  "})

    assert response.status_code == 201
    assert body_of(response)["title"] == "x" * 200


def test_patch_validates_like_create(client: Client, item: str) -> None:
    response = send_json(client, "PATCH", item, {"done": "true", "x": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/done", "#/x"}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        pytest.param({"page": 0}, "page", id="page-zero"),
        pytest.param({"page": "x"}, "page", id="page-not-int"),
        pytest.param({"page": ""}, "page", id="page-empty"),
        pytest.param({"page": "\u0661"}, "page", id="page-other-digits"),
        pytest.param({"per_page": 0}, "per_page", id="per-page-zero"),
        pytest.param({"per_page": 101}, "per_page", id="per-page-over-100"),
        pytest.param({"done": "yes"}, "done", id="done-not-boolean"),
        pytest.param({"done": "1"}, "done", id="done-number"),
    ],
)
def test_invalid_query_is_422_naming_the_parameter(
    client: Client, params: dict[str, Any], parameter: str
) -> None:
    response = client.get(PATH, params)

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
    client: Client, item: str, content: bytes, method: str
) -> None:
    url = PATH if method == "POST" else item

    response = client.generic(method, url, content, content_type="application/json")

    problem = assert_problem(response, 400)
    assert "errors" not in problem


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_body_of_another_content_type_is_415(client: Client, content_type: str) -> None:
    response = client.generic("POST", PATH, b'{"title": "x"}', content_type=content_type)

    assert_problem(response, 415)


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/merge-patch+json"]
)
def test_json_and_json_suffixed_types_are_accepted(client: Client, content_type: str) -> None:
    response = client.generic("POST", PATH, b'{"title": "x"}', content_type=content_type)

    assert response.status_code == 201
