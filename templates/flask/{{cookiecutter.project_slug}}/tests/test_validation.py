"""The contract's validation rules, identical in every forge skeleton, on the probe routes
(tests/probes.py): every resource's routes take bodies and queries the same way."""

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.exceptions import BadRequestKeyError
from werkzeug.test import TestResponse

from app.core.request import LastValueMultiDict
{%- if cookiecutter.auth == "jwt" %}
from tests.conftest import signed_in
{%- endif %}
from tests.probes import ITEM, PATH


def assert_problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.get_json()
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
        pytest.param({"title": "ok", "a/b~c": 3}, "#/a~1b~0c", id="escaped-pointer"),
    ],
)
def test_invalid_body_is_422_with_a_pointer(
    probe_client: FlaskClient, body: dict[str, Any], pointer: str
) -> None:
    response = probe_client.post(PATH, json=body)

    problem = assert_problem(response, 422)
    assert problem["title"] == "Unprocessable Content"
    assert problem["detail"] == "The request did not validate."
    assert [error["pointer"] for error in problem["errors"]] == [pointer]
    assert all(error["detail"] for error in problem["errors"])


def test_every_error_is_reported(probe_client: FlaskClient) -> None:
    response = probe_client.post(PATH, json={"title": "", "done": "no", "extra": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/title", "#/done", "#/extra"}


def test_title_of_200_characters_after_stripping_is_accepted(probe_client: FlaskClient) -> None:
    response = probe_client.post(PATH, json={"title": f"  {'x' * 200}  "})

    assert response.status_code == 201
    assert response.get_json()["title"] == "x" * 200


@pytest.mark.parametrize(
    ("title", "stored"),
    [
        pytest.param("\u00a0Tea\u3000", "Tea", id="unicode-spaces"),
        pytest.param("\u0085Tea\u2028", "Tea", id="unicode-line-breaks"),
        pytest.param("\ufeffTea\u001c", "\ufeffTea\u001c", id="not-white-space"),
    ],
)
def test_title_is_stripped_of_unicode_white_space(
    probe_client: FlaskClient, title: str, stored: str
) -> None:
    # Unicode's White_Space characters, as the FastAPI skeleton strips them.
    response = probe_client.post(PATH, json={"title": title})

    assert response.status_code == 201
    assert response.get_json()["title"] == stored


def test_patch_validates_like_create(probe_client: FlaskClient) -> None:
    response = probe_client.patch(ITEM, json={"done": "true", "x": 1})

    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"#/done", "#/x"}


def test_patch_takes_what_is_sent(probe_client: FlaskClient) -> None:
    response = probe_client.patch(ITEM, json={"done": True})

    assert response.status_code == 200, response.text
    assert response.get_json() == {"title": "Found", "done": True}


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
    probe_client: FlaskClient, params: dict[str, Any], parameter: str
) -> None:
    response = probe_client.get(PATH, query_string=params)

    errors = assert_problem(response, 422)["errors"]
    assert [error["parameter"] for error in errors] == [parameter]
    assert "pointer" not in errors[0]


UNKNOWN = "Unknown query parameter."
LIBRARY_PREFIXES = ("Value error, ", "Assertion failed, ")


def test_an_unknown_filter_is_422_not_the_whole_list(probe_client: FlaskClient) -> None:
    response = probe_client.get(PATH, query_string={"author_id": 1})

    errors = assert_problem(response, 422)["errors"]
    assert errors == [{"parameter": "author_id", "detail": UNKNOWN}]


def test_each_unknown_parameter_is_named_beside_other_errors(probe_client: FlaskClient) -> None:
    response = probe_client.get(PATH, query_string={"sort": "id", "author_id": 1, "per_page": 0})

    errors = assert_problem(response, 422)["errors"]
    assert sorted(errors, key=lambda error: error["parameter"]) == [
        {"parameter": "author_id", "detail": UNKNOWN},
        {"parameter": "per_page", "detail": "Input should be greater than or equal to 1"},
        {"parameter": "sort", "detail": UNKNOWN},
    ]


@pytest.mark.parametrize("app_name", ["app", "probe_app"])
def test_every_operation_refuses_unknown_parameters(
    request: pytest.FixtureRequest, app_name: str
) -> None:
    """Every documented operation of the app: the resources' (whichever there are), the health
    checks', the probes'."""
{%- if cookiecutter.auth == "jwt" %}
    # Signed in: without a token, a protected operation is a 401 before its query is looked at.
    client = signed_in(request.getfixturevalue(app_name), request.getfixturevalue("user"))
{%- else %}
    client: FlaskClient = request.getfixturevalue(app_name).test_client()
{%- endif %}
    paths = client.get("/openapi.json").get_json()["paths"]
    # The id of one that need not exist, since the query is refused first.
    operations = [
        (method.upper(), re.sub(r"{\w+}", "1", path))
        for path, item in paths.items()
        for method in item
    ]

    for method, path in operations:
        response = client.open(path, method=method, query_string={"verbose": "1"}, json={})

        errors = assert_problem(response, 422)["errors"]
        assert errors == [{"parameter": "verbose", "detail": UNKNOWN}], (method, path)


def test_a_write_with_an_unknown_parameter_is_refused_before_the_view_runs(
    probe_client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    created = probe_client.post(PATH, query_string={"dry": "1"}, json={"title": "Not created"})

    assert assert_problem(created, 422)["errors"][0]["parameter"] == "dry"
    assert "Probed" not in caplog.text


def test_known_parameters_together_are_fine(probe_client: FlaskClient) -> None:
    response = probe_client.get(PATH, query_string={"done": "true", "page": 2, "per_page": 5})

    assert response.status_code == 200, response.text
    assert (response.get_json()["page"], response.get_json()["per_page"]) == (2, 5)


def test_a_bad_boolean_says_so_in_the_skeletons_words(probe_client: FlaskClient) -> None:
    response = probe_client.get(PATH, query_string={"done": "maybe"})

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
def test_error_texts_carry_no_library_prefix(
    probe_client: FlaskClient, body: dict[str, Any]
) -> None:
    problem = assert_problem(probe_client.post(PATH, json=body), 422)

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
    probe_client: FlaskClient, query: str, status: int, page: int | None
) -> None:
    # As the other forge skeletons read a query string.
    response = probe_client.get(f"{PATH}?{query}")

    assert response.status_code == status, response.text
    if page is not None:
        assert response.get_json()["page"] == page


def test_a_repeated_key_reads_as_its_last_value_however_it_is_read() -> None:
    args = LastValueMultiDict([("page", "1"), ("page", "2"), ("done", "true")])

    assert args["page"] == "2"
    assert args.to_dict() == {"page": "2", "done": "true"}
    assert list(args.values()) == ["2", "true"]
    assert list(args.items(multi=True)) == [("page", "1"), ("page", "2"), ("done", "true")]
    assert args.getlist("page") == ["1", "2"]
    with pytest.raises(BadRequestKeyError):
        args["per_page"]


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
@pytest.mark.parametrize(("method", "url"), [("POST", PATH), ("PUT", ITEM), ("PATCH", ITEM)])
def test_body_that_is_not_a_json_object_is_400(
    probe_client: FlaskClient, content: bytes, method: str, url: str
) -> None:
    response = probe_client.open(url, method=method, data=content, content_type="application/json")

    problem = assert_problem(response, 400)
    assert "errors" not in problem


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_body_of_another_content_type_is_415(probe_client: FlaskClient, content_type: str) -> None:
    response = probe_client.post(PATH, data=b'{"title": "x"}', content_type=content_type)

    assert_problem(response, 415)


def test_json_with_charset_is_accepted(probe_client: FlaskClient) -> None:
    response = probe_client.post(
        PATH, data=b'{"title": "x"}', content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 201
