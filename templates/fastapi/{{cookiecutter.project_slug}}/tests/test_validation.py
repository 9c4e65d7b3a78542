"""The contract's validation rules, identical in every forge skeleton, on the probe routes
(tests/probes.py), which validate as every resource does."""

from typing import Any

import httpx
import pytest

from tests.probes import ITEM, PATH


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The problem+json body of `response`, which must have `status`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
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
async def test_invalid_body_is_422_with_a_pointer(
    probe_client: httpx.AsyncClient, body: dict[str, Any], pointer: str
) -> None:
    response = await probe_client.post(PATH, json=body)

    problem = assert_problem(response, 422)
    assert problem["title"] == "Unprocessable Content"
    assert problem["detail"] == "The request did not validate."
    assert [error["pointer"] for error in problem["errors"]] == [pointer]
    assert all(error["detail"] for error in problem["errors"])


async def test_every_error_is_reported(probe_client: httpx.AsyncClient) -> None:
    response = await probe_client.post(PATH, json={"title": "", "done": "no", "extra": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/title", "#/done", "#/extra"}


async def test_title_of_200_characters_after_stripping_is_accepted(
    probe_client: httpx.AsyncClient,
) -> None:
    response = await probe_client.post(PATH, json={"title": f"  {'x' * 200}  "})

    assert response.status_code == 201
    assert response.json()["title"] == "x" * 200


async def test_patch_validates_like_create(probe_client: httpx.AsyncClient) -> None:
    response = await probe_client.patch(ITEM.format(id=1), json={"done": "true", "x": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/done", "#/x"}


async def test_patch_takes_any_subset_but_not_null(probe_client: httpx.AsyncClient) -> None:
    nothing = await probe_client.patch(ITEM.format(id=1), json={})
    null = await probe_client.patch(ITEM.format(id=1), json={"title": None})

    assert (nothing.status_code, nothing.json()) == (200, {})
    assert [error["pointer"] for error in assert_problem(null, 422)["errors"]] == ["#/title"]


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
async def test_invalid_query_is_422_naming_the_parameter(
    probe_client: httpx.AsyncClient, params: dict[str, Any], parameter: str
) -> None:
    response = await probe_client.get(PATH, params=params)

    errors = assert_problem(response, 422)["errors"]
    assert [error["parameter"] for error in errors] == [parameter]
    assert "pointer" not in errors[0]


UNKNOWN = "Unknown query parameter."


async def test_an_unknown_query_parameter_is_422_not_ignored(
    probe_client: httpx.AsyncClient,
) -> None:
    response = await probe_client.get(PATH, params={"author_id": 1})

    errors = assert_problem(response, 422)["errors"]
    assert errors == [{"parameter": "author_id", "detail": UNKNOWN}]


async def test_each_unknown_parameter_is_named_beside_other_errors(
    probe_client: httpx.AsyncClient,
) -> None:
    response = await probe_client.get(PATH, params={"sort": "id", "author_id": 1, "per_page": 0})

    errors = assert_problem(response, 422)["errors"]
    assert sorted(error["parameter"] for error in errors) == ["author_id", "per_page", "sort"]
    unknown = sorted(error["parameter"] for error in errors if error["detail"] == UNKNOWN)
    assert unknown == ["author_id", "sort"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/health"),
        ("GET", "/health/ready"),
        ("POST", PATH),
        ("GET", ITEM),
        ("PUT", ITEM),
        ("PATCH", ITEM),
        ("DELETE", ITEM),
    ],
)
async def test_every_operation_refuses_unknown_parameters(
    probe_client: httpx.AsyncClient, method: str, path: str
) -> None:
    json = {"title": "Changed"} if method in {"POST", "PUT", "PATCH"} else None

    response = await probe_client.request(
        method, path.format(id=1), params={"verbose": "1"}, json=json
    )

    assert assert_problem(response, 422)["errors"] == [{"parameter": "verbose", "detail": UNKNOWN}]


async def test_an_unknown_parameter_is_reported_with_the_bodys_errors(
    probe_client: httpx.AsyncClient,
) -> None:
    response = await probe_client.post(PATH, params={"dry": "1"}, json={"title": ""})

    errors = assert_problem(response, 422)["errors"]
    assert {error.get("parameter") or error["pointer"] for error in errors} == {"dry", "#/title"}


@pytest.mark.parametrize(
    "query",
    ["done=true&page=2&per_page=5", "page=1&page=2"],
    ids=["known-together", "repeated"],
)
async def test_known_parameters_are_fine(probe_client: httpx.AsyncClient, query: str) -> None:
    response = await probe_client.get(f"{PATH}?{query}")

    assert response.status_code == 200, response.text


async def test_a_bad_boolean_says_so_in_the_skeletons_words(
    probe_client: httpx.AsyncClient,
) -> None:
    response = await probe_client.get(PATH, params={"done": "maybe"})

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
async def test_error_details_carry_no_library_prefix(
    probe_client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    problem = assert_problem(await probe_client.post(PATH, json=body), 422)

    details = [error["detail"] for error in problem["errors"]] + [problem["detail"]]
    assert not [d for d in details if d.startswith(("Value error, ", "Assertion failed, "))]


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
async def test_body_that_is_not_a_json_object_is_400(
    probe_client: httpx.AsyncClient, content: bytes, method: str
) -> None:
    url = PATH if method == "POST" else ITEM.format(id=1)

    response = await probe_client.request(
        method, url, content=content, headers={"content-type": "application/json"}
    )

    problem = assert_problem(response, 400)
    assert "errors" not in problem


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
async def test_body_of_another_content_type_is_415(
    probe_client: httpx.AsyncClient, content_type: str
) -> None:
    response = await probe_client.post(
        PATH, content=b'{"title": "x"}', headers={"content-type": content_type}
    )

    assert_problem(response, 415)


async def test_json_with_charset_is_accepted(probe_client: httpx.AsyncClient) -> None:
    response = await probe_client.post(
        PATH,
        content=b'{"title": "x"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )

    assert response.status_code == 201
