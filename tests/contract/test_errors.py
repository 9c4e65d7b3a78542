"""Errors nobody's route raises itself are problems too: unknown paths, methods, sizes."""

import httpx
import pytest

from tests.contract.checks import assert_problem

MAX_BODY_SIZE = 1_048_576  # the skeletons' default MAX_BODY_SIZE
MAX_REQUEST_LINE = 8190  # gunicorn's longest, which every skeleton keeps


@pytest.mark.parametrize(
    "path", ["/nowhere", "/api", "/api/task", "/api/tasks/1/extra", "/api/tasks/", "/health/"]
)
def test_unknown_path_is_404(client: httpx.Client, path: str) -> None:
    assert_problem(client.get(path), 404)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/tasks", "GET, HEAD, POST"),
        ("PUT", "/api/tasks", "GET, HEAD, POST"),
        ("POST", "/api/tasks/1", "DELETE, GET, HEAD, PATCH, PUT"),
        ("POST", "/health", "GET, HEAD"),
        ("DELETE", "/health/ready", "GET, HEAD"),
    ],
)
def test_a_method_the_path_does_not_allow_is_405_with_the_same_allow_everywhere(
    client: httpx.Client, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)

    assert_problem(response, 405)
    # Byte for byte: a client or proxy reading Allow cannot tell the frameworks apart.
    assert response.headers["allow"] == allow


def test_an_oversized_body_is_413(client: httpx.Client) -> None:
    body = b'{"title": "' + b"x" * MAX_BODY_SIZE + b'"}'

    response = client.post("/api/tasks", content=body, headers={"content-type": "application/json"})

    assert_problem(response, 413)


def test_an_oversized_streamed_body_is_413(client: httpx.Client) -> None:
    def chunks():  # no Content-Length: the server learns the size while reading
        yield b'{"title": "'
        for _ in range(MAX_BODY_SIZE // 65536 + 1):
            yield b"x" * 65536
        yield b'"}'

    response = client.post(
        "/api/tasks", content=chunks(), headers={"content-type": "application/json"}
    )

    assert "content-length" not in response.request.headers
    assert_problem(response, 413)


@pytest.mark.parametrize("path", ["/api/tasks", "/health", "/nowhere"])
def test_a_request_line_over_the_limit_is_414(client: httpx.Client, path: str) -> None:
    response = client.get(path, params={"per_page": "9" * MAX_REQUEST_LINE})

    assert_problem(response, 414)
    assert response.headers["x-request-id"]


def test_a_request_line_just_within_the_limit_is_read(client: httpx.Client) -> None:
    line = len("GET /api/tasks?per_page= HTTP/1.1")

    response = client.get("/api/tasks", params={"per_page": "9" * (MAX_REQUEST_LINE - line)})

    assert assert_problem(response, 422)["errors"][0]["parameter"] == "per_page"
