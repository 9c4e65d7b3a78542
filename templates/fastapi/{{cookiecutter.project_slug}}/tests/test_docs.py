"""The OpenAPI document and its pages. Each resource's tests check its own paths and schemas
(tests/test_tasks.py for the sample); these hold for any set of resources, or none."""

import re
from typing import Any

import httpx

OPERATION_IDS = {
    ("/health", "get"): "get_health",
    ("/health/ready", "get"): "get_readiness",
}
RESOURCE_SCHEMAS = ("Create", "Out", "Page", "Patch", "Replace")
SHARED_SCHEMAS = {"Health", "Problem", "ProblemError", "Readiness"}


async def test_openapi_describes_every_path(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    assert document["openapi"].startswith("3.")
    assert {"/health", "/health/ready"} <= set(document["paths"])
    # Resources (`forge add-endpoint`) document their own paths, under /api.
    assert all(path.startswith(("/health", "/api/")) for path in document["paths"])


async def test_operations_and_schemas_have_the_contracts_names(client: httpx.AsyncClient) -> None:
    """Generated clients name their functions and models after these, in every skeleton."""
    document = (await client.get("/openapi.json")).json()

    operations = {
        (path, method): operation["operationId"]
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    assert {key: operations.get(key) for key in OPERATION_IDS} == OPERATION_IDS
    assert len(set(operations.values())) == len(operations)
    # HEAD is answered wherever GET is, but is no operation of its own.
    assert {method for _, method in operations} <= {"get", "post", "put", "patch", "delete"}
    schemas = set(document["components"]["schemas"])
    assert schemas >= SHARED_SCHEMAS
    # Each resource brings the same five (TaskCreate, TaskOut...); nothing of FastAPI's.
    assert all(name in SHARED_SCHEMAS or name.endswith(RESOURCE_SCHEMAS) for name in schemas)


async def test_errors_are_documented_as_problems(
    client: httpx.AsyncClient, probe_client: httpx.AsyncClient
) -> None:
    # The probe app's document has operations with bodies, whatever resources the app has.
    for documented in (client, probe_client):
        document = (await documented.get("/openapi.json")).json()
        _assert_errors_are_problems(document)


def _assert_errors_are_problems(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            # Any request may be too long, carry an unknown query parameter, or fail.
            codes = {"414", "422", "500"}
            if "requestBody" in operation:
                codes |= {"400", "413", "415"}
            responses = operation["responses"]
            assert codes <= set(responses), (method, path)
            for code in codes:
                assert set(responses[code]["content"]) == {"application/problem+json"}
    assert "HTTPValidationError" not in document["components"]["schemas"]


async def test_docs_are_served_without_a_cdn(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")

    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets
    assert all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        assert (await client.get(asset)).status_code == 200, asset
