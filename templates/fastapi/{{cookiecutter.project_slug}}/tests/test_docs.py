import re

import httpx
import pytest


async def test_openapi_describes_every_path(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    assert document["openapi"].startswith("3.")
    # Resources added later (`forge add-endpoint`) document their own paths, under /api.
    assert {"/health", "/health/ready", "/api/tasks", "/api/tasks/{task_id}"} <= set(
        document["paths"]
    )
    assert all(path.startswith(("/health", "/api/")) for path in document["paths"])
    item = document["paths"]["/api/tasks/{task_id}"]
    assert set(item) == {"get", "put", "patch", "delete"}
    assert {"Task" + s for s in ("Create", "Out", "Patch", "Replace")} <= set(
        document["components"]["schemas"]
    )


OPERATION_IDS = {
    ("/health", "get"): "get_health",
    ("/health/ready", "get"): "get_readiness",
    ("/api/tasks", "get"): "list_tasks",
    ("/api/tasks", "post"): "create_task",
    ("/api/tasks/{task_id}", "get"): "get_task",
    ("/api/tasks/{task_id}", "put"): "replace_task",
    ("/api/tasks/{task_id}", "patch"): "update_task",
    ("/api/tasks/{task_id}", "delete"): "delete_task",
}
RESOURCE_SCHEMAS = ("Create", "Out", "Page", "Patch", "Replace")
SHARED_SCHEMAS = {"Health", "Problem", "ProblemError", "Readiness"}


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
    assert SHARED_SCHEMAS | {"Task" + kind for kind in RESOURCE_SCHEMAS} <= schemas
    # Resources added later (`forge add-endpoint`) bring the same five; nothing of FastAPI's.
    assert all(name in SHARED_SCHEMAS or name.endswith(RESOURCE_SCHEMAS) for name in schemas)


async def test_errors_are_documented_as_problems(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

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


async def test_created_documents_its_location(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    created = document["paths"]["/api/tasks"]["post"]["responses"]["201"]
    assert created["headers"]["Location"]["required"] is True
    assert created["headers"]["Location"]["schema"] == {"type": "string"}


async def test_schemas_carry_examples(client: httpx.AsyncClient) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]

    assert schemas["TaskCreate"]["examples"][0]["title"]
    assert schemas["TaskOut"]["examples"][0]["created_at"]


async def test_docs_are_served_without_a_cdn(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")

    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets
    assert all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        assert (await client.get(asset)).status_code == 200, asset


WHITE_SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"


@pytest.mark.parametrize(
    "title",
    [
        "x",
        " x\t",
        "x" * 200,
        WHITE_SPACE + "x" * 200 + WHITE_SPACE,
        "x" * 201,
        "  " + "x" * 199 + "\u3000x",
        "",
        WHITE_SPACE,
        *WHITE_SPACE,
        "\u001c",
        "\ufeff",
        "\u200b x \u180e",
        "a\u0000b",
        " \u0000 ",
    ],
)
async def test_documented_title_agrees_with_validation(
    client: httpx.AsyncClient, title: str
) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    title_schema = schemas["TaskCreate"]["properties"]["title"]

    response = await client.post("/api/tasks", json={"title": title})

    # No maxLength: it would count the white space that stripping drops.
    assert "maxLength" not in title_schema
    accepted = response.status_code == 201
    assert bool(re.search(title_schema["pattern"], title)) == accepted, response.text
