"""The documents people read: the OpenAPI document, Swagger UI, and the admin's pages."""

import re

import pytest
from django.test import Client

from tests.conftest import body_of, send_json

# What a client generated from the document names its functions and models after, the same
# whichever framework serves it.
OPERATIONS = {
    ("/health", "get"): "get_health",
    ("/health/ready", "get"): "get_readiness",
    ("/api/tasks", "get"): "list_tasks",
    ("/api/tasks", "post"): "create_task",
    ("/api/tasks/{task_id}", "get"): "get_task",
    ("/api/tasks/{task_id}", "put"): "replace_task",
    ("/api/tasks/{task_id}", "patch"): "update_task",
    ("/api/tasks/{task_id}", "delete"): "delete_task",
}
ROLES = ("Out", "Create", "Replace", "Patch", "Page")
SCHEMAS = {"Health", "Readiness", "Problem", "ProblemError", *("Task" + role for role in ROLES)}


def test_openapi_describes_every_path(client: Client) -> None:
    response = client.get("/openapi.json")

    assert response["Content-Type"] == "application/json"
    document = body_of(response)
    assert document["openapi"].startswith("3.")
    # `forge add-endpoint` adds the paths of other resources.
    assert set(document["paths"]) >= {
        "/health",
        "/health/ready",
        "/api/tasks",
        "/api/tasks/{task_id}",
    }
    item = document["paths"]["/api/tasks/{task_id}"]
    assert set(item) == {"get", "put", "patch", "delete"}
    assert {"Task" + s for s in ("Create", "Out", "Patch", "Replace")} <= set(
        document["components"]["schemas"]
    )
    listing = document["paths"]["/api/tasks"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"page", "per_page", "done"}


def test_operations_and_schemas_are_named_as_in_every_skeleton(client: Client) -> None:
    document = body_of(client.get("/openapi.json"))
    operations = {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    schemas = document["components"]["schemas"]

    assert document["openapi"] == "3.1.0"
    # `forge add-endpoint` adds the operations and schemas of other resources, named alike.
    assert {key: operations[key]["operationId"] for key in OPERATIONS} == OPERATIONS
    assert set(schemas) >= SCHEMAS
    assert all(name in SCHEMAS or name.endswith(ROLES) for name in schemas), set(schemas)
    for (path, _), operation in operations.items():
        # Under its resource's plural: `stock_items` for /api/stock-items.
        resource = path.split("/")[2].replace("-", "_") if path.startswith("/api/") else "health"
        assert operation["tags"] == [resource], path
    assert schemas["Health"]["properties"]["status"] == {"const": "ok", "type": "string"}


def test_nothing_is_said_of_security(client: Client) -> None:
    """Authentication is the project's to add; until then the document declares none."""
    document = body_of(client.get("/openapi.json"))
    operations = [op for item in document["paths"].values() for op in item.values()]

    assert "securitySchemes" not in document["components"]
    assert not [operation for operation in operations if "security" in operation]


def test_errors_are_documented_as_problems(client: Client) -> None:
    document = body_of(client.get("/openapi.json"))
    operations = [op for item in document["paths"].values() for op in item.values()]

    create = document["paths"]["/api/tasks"]["post"]["responses"]
    assert {"400", "413", "415", "422", "500"} <= set(create)
    for code in ("400", "415", "422", "500"):
        assert set(create[code]["content"]) == {"application/problem+json"}
    # Any operation refuses a request line too long, and a query parameter it does not know.
    for operation in operations:
        assert {"414", "422", "500"} <= set(operation["responses"]), operation["operationId"]
    ready = document["paths"]["/health/ready"]["get"]["responses"]
    assert set(ready["503"]["content"]) == {"application/json"}


def test_the_location_of_what_was_created_is_documented(client: Client) -> None:
    created = body_of(client.get("/openapi.json"))["paths"]["/api/tasks"]["post"]["responses"]

    location = created["201"]["headers"]["Location"]
    assert (location["required"], location["schema"]) == (True, {"type": "string"})


def test_request_bodies_are_documented_as_refused(client: Client) -> None:
    """What the app refuses, the document says: fuzzers and clients take it at its word."""
    document = body_of(client.get("/openapi.json"))
    schemas = document["components"]["schemas"]
    operations = [
        document["paths"]["/api/tasks"]["post"],
        *(document["paths"]["/api/tasks/{task_id}"][method] for method in ("put", "patch")),
    ]

    for operation in operations:
        assert operation["requestBody"]["required"] is True  # an empty body is a 400
        assert {"400", "413", "415", "422", "500"} <= set(operation["responses"])
    for name in ("TaskCreate", "TaskReplace", "TaskPatch"):
        assert schemas[name]["additionalProperties"] is False
        title = schemas[name]["properties"]["title"]
        # No maxLength: it would count the white space that stripping drops.
        assert title["minLength"] == 1
        assert "maxLength" not in title
        pattern = re.compile(title["pattern"])
        assert pattern.search("Buy milk")
        assert not pattern.search(" \t\n")
        assert not pattern.search("Buy\x00milk")


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
def test_documented_title_agrees_with_validation(client: Client, title: str) -> None:
    schemas = body_of(client.get("/openapi.json"))["components"]["schemas"]
    pattern = schemas["TaskCreate"]["properties"]["title"]["pattern"]

    response = send_json(client, "post", "/api/tasks", {"title": title})

    assert bool(re.search(pattern, title)) == (response.status_code == 201), response.content


def test_schemas_carry_examples(client: Client) -> None:
    paths = body_of(client.get("/openapi.json"))["paths"]

    create = paths["/api/tasks"]["post"]
    (request,) = create["requestBody"]["content"]["application/json"]["examples"].values()
    (created,) = create["responses"]["201"]["content"]["application/json"]["examples"].values()
    assert request["value"]["title"]
    assert created["value"]["created_at"]
    (listed,) = paths["/api/tasks"]["get"]["responses"]["200"]["content"]["application/json"][
        "examples"
    ].values()
    assert set(listed["value"]) == {"items", "page", "per_page", "total", "pages"}


def assets_of(page: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)


def status_of(client: Client, path: str) -> int:
    response = client.get(path)
    response.close()  # a static file's response holds the file open until then
    return response.status_code


def test_docs_are_served_without_a_cdn(client: Client) -> None:
    page = client.get("/docs")

    assert page.status_code == 200
    assets = assets_of(page.content.decode())
    assert assets
    assert all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        assert status_of(client, asset) == 200, asset


def test_the_admin_login_page_renders_with_its_styles(client: Client) -> None:
    page = client.get("/admin/login/")

    assert page.status_code == 200
    stylesheets = [asset for asset in assets_of(page.content.decode()) if asset.endswith(".css")]
    assert stylesheets
    for asset in stylesheets:
        assert status_of(client, asset) == 200, asset
