"""Request ids, the OpenAPI document, the docs page and CORS."""

import re
import uuid

import httpx
import pytest

from tests.contract.conftest import ALLOWED_ORIGIN


@pytest.mark.parametrize("path", ["/health", "/api/tasks", "/nowhere", "/api/tasks/0"])
def test_a_sane_request_id_is_echoed(client: httpx.Client, path: str) -> None:
    response = client.get(path, headers={"X-Request-ID": "trace-42.a_b:c"})

    assert response.headers["x-request-id"] == "trace-42.a_b:c"


@pytest.mark.parametrize(
    "offered", [None, "has space", "x" * 300, "<script>"], ids=["absent", "space", "long", "markup"]
)
def test_otherwise_a_new_uuid(client: httpx.Client, offered: str | None) -> None:
    headers = {} if offered is None else {"X-Request-ID": offered}

    first = client.get("/health", headers=headers).headers["x-request-id"]
    second = client.get("/health", headers=headers).headers["x-request-id"]

    assert uuid.UUID(first) and uuid.UUID(second)
    assert first != second


def test_openapi_describes_every_path_with_schemas(client: httpx.Client) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    item_paths = [path for path in paths if re.fullmatch(r"/api/tasks/\{[^}]+\}", path)]
    assert {"/health", "/health/ready", "/api/tasks"} <= set(paths)
    assert len(item_paths) == 1
    assert {"get", "post"} <= set(paths["/api/tasks"])
    assert {"get", "put", "patch", "delete"} <= set(paths[item_paths[0]])
    assert document["components"]["schemas"]
    create = paths["/api/tasks"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]
    assert "application/problem+json" in create["responses"]["422"]["content"]


def test_docs_are_served_without_a_third_party_cdn(client: httpx.Client) -> None:
    page = client.get("/docs")

    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)
    assert assets, page.text[:500]
    assert not [asset for asset in assets if re.match(r"(https?:)?//", asset)], assets
    for asset in assets:
        assert client.get(httpx.URL(str(page.url)).join(asset)).status_code == 200, asset


def test_cors_allows_listed_origins_only(client: httpx.Client) -> None:
    preflight = {"Access-Control-Request-Method": "POST"}
    allowed = client.options("/api/tasks", headers={"Origin": ALLOWED_ORIGIN, **preflight})
    other = client.get("/health", headers={"Origin": "https://other.example"})

    refused = client.options("/api/tasks", headers={"Origin": "https://other.example", **preflight})

    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "access-control-allow-origin" not in other.headers
    # The browser refuses what comes back without CORS headers; no skeleton answers text/plain.
    assert "access-control-allow-origin" not in refused.headers
    assert refused.status_code == 200
