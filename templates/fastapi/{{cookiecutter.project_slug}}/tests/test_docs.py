"""The OpenAPI document and its pages. Each resource's tests check its own paths and schemas
(tests/test_tasks.py for the sample); these hold for any set of resources, or none."""

import re
from typing import Any

import httpx

OPERATION_IDS = {
    ("/health", "get"): "get_health",
    ("/health/ready", "get"): "get_readiness",
{%- if cookiecutter.auth == "jwt" %}
    ("/api/auth/register", "post"): "register_user",
    ("/api/auth/token", "post"): "create_token",
    ("/api/auth/refresh", "post"): "refresh_token",
    ("/api/auth/logout", "post"): "revoke_token",
    ("/api/users/me", "get"): "get_current_user",
    ("/api/users/me/password", "put"): "change_password",
{%- endif %}
}
RESOURCE_SCHEMAS = ("Create", "Out", "Page", "Patch", "Replace")
{%- if cookiecutter.auth == "jwt" %}
SHARED_SCHEMAS = {
    "Health",
    "PasswordChange",
    "Problem",
    "ProblemError",
    "Readiness",
    "TokenCreate",
    "TokenPair",
    "TokenRefresh",
    "UserCreate",
    "UserOut",
}
# Operations anyone may call; every other one needs an access token.
OPEN_PATHS = ("/health", "/api/auth/")
{%- else %}
SHARED_SCHEMAS = {"Health", "Problem", "ProblemError", "Readiness"}
{%- endif %}


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
{%- if cookiecutter.auth == "jwt" %}


async def test_every_operation_but_the_open_ones_needs_a_bearer_token(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()

    assert document["components"]["securitySchemes"] == {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    assert "security" not in document
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path.startswith(OPEN_PATHS):
                assert "security" not in operation, (method, path)
                continue
            assert operation["security"] == [{"bearerAuth": []}], (method, path)
            unauthorized = operation["responses"]["401"]["content"]
            assert unauthorized == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }


async def test_identity_is_documented_as_the_contract_says(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    paths, schemas = document["paths"], document["components"]["schemas"]

    codes = {
        (path, method): set(operation["responses"])
        for path, item in paths.items()
        for method, operation in item.items()
        if (path, method) in OPERATION_IDS and path.startswith("/api/")
    }
    body = {"400", "413", "415"}
    always = {"414", "422", "500"}
    assert codes == {
        ("/api/auth/register", "post"): {"201", "403", "409"} | body | always,
        ("/api/auth/token", "post"): {"200", "401", "429"} | body | always,
        ("/api/auth/refresh", "post"): {"200", "401"} | body | always,
        ("/api/auth/logout", "post"): {"204"} | body | always,
        ("/api/users/me", "get"): {"200", "401"} | always,
        ("/api/users/me/password", "put"): {"204", "401", "403"} | body | always,
    }
    register = paths["/api/auth/register"]["post"]["responses"]["201"]["headers"]["Location"]
    retry = paths["/api/auth/token"]["post"]["responses"]["429"]["headers"]["Retry-After"]
    assert (register["required"], register["schema"]) == (True, {"type": "string"})
    assert (retry["required"], retry["schema"]) == (True, {"type": "integer"})
    assert "content" not in paths["/api/auth/logout"]["post"]["responses"]["204"]
    email = {"type": "string", "format": "email", "maxLength": 254}
    assert without_text(schemas["UserCreate"]) == request(
        email=email, password={"type": "string", "minLength": 8, "maxLength": 128}
    )
    assert without_text(schemas["TokenCreate"]) == request(
        email={"type": "string", "minLength": 1, "maxLength": 254},
        password={"type": "string", "minLength": 1, "maxLength": 128},
    )
    assert without_text(schemas["TokenRefresh"]) == request(
        refresh_token={"type": "string", "minLength": 1, "maxLength": 128}
    )
    assert without_text(schemas["PasswordChange"]) == request(
        current_password={"type": "string", "minLength": 1, "maxLength": 128},
        new_password={"type": "string", "minLength": 8, "maxLength": 128},
    )
    string, integer = {"type": "string"}, {"type": "integer"}
    assert without_text(schemas["TokenPair"]) == response(
        access_token=string, token_type=string, expires_in=integer, refresh_token=string
    )
    assert without_text(schemas["UserOut"]) == response(
        id=integer,
        email=string,
        is_superuser={"type": "boolean"},
        created_at={"type": "string", "format": "date-time"},
    )


HUMAN_TEXT = {"title", "description", "examples"}


def without_text(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            key: without_text(value)
            for key, value in schema.items()
            if key not in HUMAN_TEXT or key == "properties"
        }
    return schema


def request(**properties: dict[str, Any]) -> dict[str, Any]:
    return {**response(**properties), "additionalProperties": False}


def response(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties)}
{%- endif %}
