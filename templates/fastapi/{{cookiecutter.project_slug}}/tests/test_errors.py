"""Every 4xx and 5xx is problem+json, including the ones no route raises itself."""

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from app.core.config import Settings
from tests.probes import (
    BROKEN_STREAM,
    FAILURE,
    PATH,
    REFERENCES,
    SECRET,
    UNKNOWN_REFERENCES,
)
from tests.test_validation import assert_problem


@pytest.mark.parametrize("path", ["/no/such/path", "/health/", "/api", "/api/"])
async def test_unknown_path_is_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert assert_problem(response, 404)["title"] == "Not Found"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", PATH, "GET, HEAD, POST"),
        ("POST", f"{PATH}/1", "DELETE, GET, HEAD, PATCH, PUT"),
        ("POST", "/health", "GET, HEAD"),
        ("DELETE", "/health/ready", "GET, HEAD"),
    ],
)
async def test_wrong_method_is_405_with_allow(
    probe_client: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    response = await probe_client.request(method, path)

    assert_problem(response, 405)
    # Sorted, HEAD wherever GET is, no OPTIONS: the same bytes in every forge skeleton.
    assert response.headers["allow"] == allow


async def test_oversized_body_is_413(
    probe_client: httpx.AsyncClient, make_settings: Callable[..., Settings]
) -> None:
    limit = make_settings().max_body_size
    body = b'{"title": "' + b"x" * limit + b'"}'

    response = await probe_client.post(
        PATH, content=body, headers={"content-type": "application/json"}
    )

    assert assert_problem(response, 413)["title"] == "Content Too Large"


async def test_oversized_streamed_body_is_413(
    probe_client: httpx.AsyncClient, make_settings: Callable[..., Settings]
) -> None:
    limit = make_settings().max_body_size

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"title": "'
        for _ in range(limit // 65536 + 1):
            yield b"x" * 65536
        yield b'"}'

    response = await probe_client.post(
        PATH, content=chunks(), headers={"content-type": "application/json"}
    )

    assert "content-length" not in response.request.headers
    assert assert_problem(response, 413)["title"] == "Content Too Large"


async def test_unknown_references_are_422_with_a_pointer_each(
    probe_client: httpx.AsyncClient,
) -> None:
    response = await probe_client.post(REFERENCES, json={"title": "Refers"})

    problem = assert_problem(response, 422)
    assert problem["detail"] == "The request did not validate."
    # In the order of the fields, as the service found them.
    assert problem["errors"] == [
        {"pointer": f"#/{field}", "detail": detail} for field, detail in UNKNOWN_REFERENCES.items()
    ]


async def test_unhandled_error_is_a_bare_500(probe_client: httpx.AsyncClient) -> None:
    response = await probe_client.get(FAILURE, headers={"X-Request-ID": "trace-500"})

    problem = assert_problem(response, 500)
    assert problem["detail"] == "The server could not complete the request."
    assert SECRET not in response.text
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["x-request-id"] == "trace-500"


async def test_an_error_once_the_answer_began_is_left_to_the_server(
    probe_client: httpx.AsyncClient,
) -> None:
    """Too late for a 500: the server drops the connection, and the client sees it cut."""
    with pytest.raises(RuntimeError, match="hunter2"):
        await probe_client.get(BROKEN_STREAM)


async def test_deeply_nested_json_is_rejected_cleanly(probe_client: httpx.AsyncClient) -> None:
    nested = b'{"title": "x", "done": ' + b"[" * 5000 + b"]" * 5000 + b"}"

    response = await probe_client.post(
        PATH, content=nested, headers={"content-type": "application/json"}
    )

    assert response.status_code in {400, 422}
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_request_line_over_the_servers_limit_is_414(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", params={"per_page": "9" * 8200})

    assert assert_problem(response, 414)["title"] == "URI Too Long"
    assert response.headers["x-request-id"]


async def test_a_long_request_line_within_the_limit_is_read(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", params={"per_page": "9" * 8100})

    assert assert_problem(response, 422)["errors"][0]["parameter"] == "per_page"
