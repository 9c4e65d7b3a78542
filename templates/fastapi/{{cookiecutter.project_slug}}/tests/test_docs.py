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


async def test_errors_are_documented_as_problems(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    create = document["paths"]["/api/tasks"]["post"]["responses"]
    assert {"400", "415", "422", "500"} <= set(create)
    for code in ("400", "415", "422", "500"):
        assert set(create[code]["content"]) == {"application/problem+json"}
    assert "HTTPValidationError" not in document["components"]["schemas"]


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
