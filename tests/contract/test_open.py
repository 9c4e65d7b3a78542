"""A skeleton generated with `--auth none` is the open API of sections 1-2: no users, no tokens."""

import httpx
import pytest

pytestmark = pytest.mark.no_users


@pytest.mark.parametrize(
    "path", ["/api/auth/register", "/api/auth/token", "/api/auth/refresh", "/api/auth/logout"]
)
def test_there_is_no_identity_endpoint(client: httpx.Client, path: str) -> None:
    response = client.post(path, json={"email": "a@example.com", "password": "x" * 12})

    assert response.status_code == 404


def test_the_api_answers_without_a_token(client: httpx.Client) -> None:
    assert "authorization" not in client.headers
    assert client.get("/api/tasks").status_code == 200
    assert client.get("/api/users/me").status_code == 404


def test_the_document_has_no_security(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()

    assert "securitySchemes" not in document.get("components", {})
    assert "security" not in document
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert not [op["operationId"] for op in operations if "security" in op]
    assert not [path for path in document["paths"] if "/auth/" in path or "/users" in path]
