"""The edges where frameworks differ by default: HEAD, security headers, the Server header,
unknown query parameters and the wording of errors. A client must not be able to tell them apart."""

import httpx
import pytest

from tests.contract.checks import assert_problem, create_task
from tests.contract.conftest import ALLOWED_ORIGIN, HSTS_SECONDS
from tests.support.identity import Account
from tests.support.serving import Server

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "strict-transport-security": f"max-age={HSTS_SECONDS}",
}
JSON = {"content-type": "application/json"}
LIBRARY_PREFIXES = ("Value error, ", "Assertion failed, ")


def _requests(client: httpx.Client, anonymous: httpx.Client) -> dict[str, httpx.Response]:
    """One answer of every kind a skeleton gives: its routes, its refusals and gunicorn's."""
    task = create_task(client)
    return {
        "no-token": anonymous.get("/api/tasks"),
        "health": client.get("/health"),
        "head": client.head("/health"),
        "ready": client.get("/health/ready"),
        "list": client.get("/api/tasks"),
        "created": client.post("/api/tasks", json={"title": "Headers"}),
        "deleted": client.delete(f"/api/tasks/{task['id']}"),
        "invalid": client.post("/api/tasks", json={"title": ""}),
        "not-json": client.post("/api/tasks", content=b"{", headers=JSON),
        "media-type": client.post(
            "/api/tasks", content=b"x", headers={"content-type": "text/plain"}
        ),
        "unknown-path": client.get("/nowhere"),
        "method": client.delete("/api/tasks"),
        "too-long": client.get("/api/tasks?q=" + "x" * 9000),
        "docs": client.get("/docs"),
        "document": client.get("/openapi.json"),
        "preflight": client.options(
            "/api/tasks",
            headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"},
        ),
    }


@pytest.fixture(scope="module")
def answers(server: Server, account: Account | None) -> dict[str, httpx.Response]:
    headers = {} if account is None else account.headers
    with (
        httpx.Client(base_url=server.url, timeout=10, headers=headers) as client,
        httpx.Client(base_url=server.url, timeout=10) as anonymous,
    ):
        return _requests(client, anonymous)


def test_every_kind_of_answer_was_produced(
    answers: dict[str, httpx.Response], account: Account | None
) -> None:
    statuses = {name: response.status_code for name, response in answers.items()}

    assert statuses == {
        "no-token": 200 if account is None else 401,
        "health": 200,
        "head": 200,
        "ready": 200,
        "list": 200,
        "created": 201,
        "deleted": 204,
        "invalid": 422,
        "not-json": 400,
        "media-type": 415,
        "unknown-path": 404,
        "method": 405,
        "too-long": 414,
        "docs": 200,
        "document": 200,
        "preflight": 200,
    }


@pytest.mark.parametrize("header", sorted(SECURITY_HEADERS))
def test_security_headers_on_every_answer(answers: dict[str, httpx.Response], header: str) -> None:
    values = {name: response.headers.get(header) for name, response in answers.items()}

    assert values == dict.fromkeys(answers, SECURITY_HEADERS[header])


def test_no_server_header_names_the_software(answers: dict[str, httpx.Response]) -> None:
    servers = {name: response.headers.get("server") for name, response in answers.items()}

    assert servers == dict.fromkeys(answers)


@pytest.mark.parametrize(
    "path", ["/health", "/health/ready", "/api/tasks", "/openapi.json", "/docs", "/nowhere"]
)
def test_head_answers_as_get_without_a_body(client: httpx.Client, path: str) -> None:
    get = client.get(path)
    head = client.head(path)

    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["x-request-id"]


def test_head_of_a_task_and_of_a_missing_one(client: httpx.Client) -> None:
    task = create_task(client)

    found = client.head(f"/api/tasks/{task['id']}")
    missing = client.head("/api/tasks/999999999")

    assert (found.status_code, found.content) == (200, b"")
    assert found.headers["content-type"] == "application/json"
    assert (missing.status_code, missing.content) == (404, b"")
    assert missing.headers["content-type"].startswith("application/problem+json")


def _unknown_parameters(response: httpx.Response) -> list[dict]:
    problem = assert_problem(response, 422)
    return sorted(problem["errors"], key=lambda error: error.get("parameter", ""))


def test_an_unknown_filter_is_422_not_the_whole_list(client: httpx.Client) -> None:
    errors = _unknown_parameters(client.get("/api/tasks", params={"author_id": 1}))

    assert errors == [{"parameter": "author_id", "detail": "Unknown query parameter."}]


def test_each_unknown_parameter_is_named_beside_other_errors(client: httpx.Client) -> None:
    response = client.get("/api/tasks", params={"sort": "id", "author_id": 1, "per_page": 0})

    errors = _unknown_parameters(response)

    assert [error["parameter"] for error in errors] == ["author_id", "per_page", "sort"]
    assert all("pointer" not in error for error in errors)


@pytest.mark.parametrize("path", ["/health", "/health/ready", "/api/tasks/1"])
def test_unknown_parameters_are_refused_on_every_operation(client: httpx.Client, path: str) -> None:
    errors = _unknown_parameters(client.get(path, params={"verbose": "1"}))

    assert errors == [{"parameter": "verbose", "detail": "Unknown query parameter."}]


def test_a_write_with_an_unknown_parameter_changes_nothing(client: httpx.Client) -> None:
    task = create_task(client, "Kept")
    total = client.get("/api/tasks").json()["total"]

    created = client.post("/api/tasks", params={"dry": "1"}, json={"title": "Not created"})
    deleted = client.delete(f"/api/tasks/{task['id']}", params={"force": "1"})

    assert _unknown_parameters(created)[0]["parameter"] == "dry"
    assert _unknown_parameters(deleted)[0]["parameter"] == "force"
    assert client.get("/api/tasks").json()["total"] == total
    assert client.get(f"/api/tasks/{task['id']}").status_code == 200


def test_known_parameters_together_are_fine(client: httpx.Client) -> None:
    response = client.get("/api/tasks", params={"done": "true", "page": 2, "per_page": 5})

    assert response.status_code == 200, response.text


def test_a_bad_boolean_says_so_in_the_skeletons_words(client: httpx.Client) -> None:
    problem = assert_problem(client.get("/api/tasks", params={"done": "maybe"}), 422)

    assert problem["errors"] == [
        {"parameter": "done", "detail": "Input should be 'true' or 'false'"}
    ]


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
def test_error_texts_carry_no_library_prefix(client: httpx.Client, body: dict) -> None:
    problem = assert_problem(client.post("/api/tasks", json=body), 422)

    details = [error["detail"] for error in problem["errors"]] + [problem["detail"]]
    assert not [detail for detail in details if detail.startswith(LIBRARY_PREFIXES)], details
