"""Input beyond the schema: it is refused cleanly or stored intact, never a 500."""

import httpx
import pytest

from tests.contract.checks import assert_problem, create_task

JSON = {"content-type": "application/json"}


def test_deeply_nested_json_is_refused_cleanly(client: httpx.Client) -> None:
    depth = 100_000
    body = b'{"title": "x", "done": ' + b"[" * depth + b"]" * depth + b"}"

    response = client.post("/api/tasks", content=body, headers=JSON)

    assert response.status_code in {400, 422}
    assert_problem(response, response.status_code)


@pytest.mark.parametrize(
    "content",
    [b'{"title": "\xff\xfe"}', b'{"title": "\xc3\x28"}', b"\xef\xbb\xbf\xff"],
    ids=["bad-bytes", "bad-sequence", "bom-then-garbage"],
)
def test_invalid_utf8_is_400(client: httpx.Client, content: bytes) -> None:
    assert_problem(client.post("/api/tasks", content=content, headers=JSON), 400)


@pytest.mark.parametrize(
    "title",
    [
        "Robert'); DROP TABLE tasks;--",
        "' OR '1'='1",
        "naïve café ✓ 東京 🚀",
        "\u202eright-to-left",
        "tab\tand\nnew line inside",
        "%s %d {0} ${x} {{x}}",
    ],
    ids=["sql-drop", "sql-or", "unicode", "bidi", "controls", "format-strings"],
)
def test_titles_round_trip_intact(client: httpx.Client, title: str) -> None:
    task = create_task(client, title)

    assert task["title"] == title
    assert client.get(f"/api/tasks/{task['id']}").json()["title"] == title


def test_a_nul_character_is_refused(client: httpx.Client) -> None:
    # PostgreSQL cannot store it; refusing it on every database keeps them alike.
    response = client.post("/api/tasks", json={"title": "nul\u0000inside"})

    errors = assert_problem(response, 422)["errors"]
    assert [error["pointer"] for error in errors] == ["#/title"]
