"""The documents people read: the OpenAPI document, Swagger UI, and the admin's pages.

What the document says of every operation is tried on the app with tests.probes added: a
resource declared as every resource is, whichever resources the project has.
"""

import re

import pytest
from django.test import Client

from tests.conftest import body_of, send_json
from tests.probes import PATH

pytestmark = pytest.mark.urls("tests.probes")

ITEM = PATH + "/{probe_id}"
# What a client generated from the document names its functions and models after, the same
# whichever framework serves it.
OPERATIONS = {
    ("/health", "get"): "get_health",
    ("/health/ready", "get"): "get_readiness",
    (PATH, "get"): "list_probes",
    (PATH, "post"): "create_probe",
    (ITEM, "get"): "get_probe",
    (ITEM, "put"): "replace_probe",
    (ITEM, "patch"): "update_probe",
    (ITEM, "delete"): "delete_probe",
}
ROLES = ("Out", "Create", "Replace", "Patch", "Page")
SCHEMAS = {"Health", "Readiness", "Problem", "ProblemError", *("Probe" + role for role in ROLES)}
{%- if cookiecutter.auth == "jwt" %}
IDENTITY = {"UserCreate", "UserOut", "TokenCreate", "TokenRefresh", "TokenPair", "PasswordChange"}
SCHEMAS |= IDENTITY
# The probes need no token (tests.probes); the health checks and /api/auth need none either.
PUBLIC = {"get_health", "get_readiness", "register_user", "create_token", "refresh_token"}
PUBLIC |= {"revoke_token", *(name for name in OPERATIONS.values() if "probe" in name)}
{%- endif %}
BODIES = ("ProbeCreate", "ProbeReplace", "ProbePatch")


def test_openapi_describes_every_path(client: Client) -> None:
    response = client.get("/openapi.json")

    assert response["Content-Type"] == "application/json"
    document = body_of(response)
    # Each resource's paths besides: its own tests say which.
    assert set(document["paths"]) >= {"/health", "/health/ready", PATH, ITEM}
    assert set(document["paths"][ITEM]) == {"get", "put", "patch", "delete"}
    listing = document["paths"][PATH]["get"]
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
    assert {key: operations[key]["operationId"] for key in OPERATIONS} == OPERATIONS
    assert set(schemas) >= SCHEMAS
    # Every resource's schemas are named alike: <Resource><Role>.
    assert all(name in SCHEMAS or name.endswith(ROLES) for name in schemas), set(schemas)
    for (path, _), operation in operations.items():
        # Under its resource's plural: `stock_items` for /api/stock-items.
        resource = path.split("/")[2].replace("-", "_") if path.startswith("/api/") else "health"
        assert operation["tags"] == [resource], path
    assert schemas["Health"]["properties"]["status"] == {"const": "ok", "type": "string"}
{%- if cookiecutter.auth == "jwt" %}


def test_every_protected_operation_says_it_needs_a_bearer_token(client: Client) -> None:
    document = body_of(client.get("/openapi.json"))
    operations = [op for item in document["paths"].values() for op in item.values()]

    assert document["components"]["securitySchemes"] == {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    assert "security" not in document
    for operation in operations:
        if operation["operationId"] in PUBLIC:
            assert "security" not in operation, operation["operationId"]
            assert "401" not in operation["responses"] or operation["operationId"] in {
                "create_token",
                "refresh_token",
            }
        else:
            assert operation["security"] == [{"bearerAuth": []}], operation["operationId"]
            unauthorized = operation["responses"]["401"]["content"]
            assert set(unauthorized) == {"application/problem+json"}
{%- else %}


def test_nothing_is_said_of_security(client: Client) -> None:
    """Authentication is the project's to add; until then the document declares none."""
    document = body_of(client.get("/openapi.json"))
    operations = [op for item in document["paths"].values() for op in item.values()]

    assert "securitySchemes" not in document["components"]
    assert not [operation for operation in operations if "security" in operation]
{%- endif %}


def test_errors_are_documented_as_problems(client: Client) -> None:
    document = body_of(client.get("/openapi.json"))
    operations = [op for item in document["paths"].values() for op in item.values()]

    create = document["paths"][PATH]["post"]["responses"]
    assert {"400", "413", "415", "422", "500"} <= set(create)
    for code in ("400", "415", "422", "500"):
        assert set(create[code]["content"]) == {"application/problem+json"}
    assert set(document["paths"][ITEM]["get"]["responses"]["404"]["content"]) == {
        "application/problem+json"
    }
    # Any operation refuses a request line too long, and a query parameter it does not know.
    for operation in operations:
        assert {"414", "422", "500"} <= set(operation["responses"]), operation["operationId"]
    ready = document["paths"]["/health/ready"]["get"]["responses"]
    assert set(ready["503"]["content"]) == {"application/json"}


def test_the_location_of_what_was_created_is_documented(client: Client) -> None:
    created = body_of(client.get("/openapi.json"))["paths"][PATH]["post"]["responses"]

    location = created["201"]["headers"]["Location"]
    assert (location["required"], location["schema"]) == (True, {"type": "string"})


def test_a_list_is_documented_as_a_page(client: Client) -> None:
    document = body_of(client.get("/openapi.json"))

    listed = document["paths"][PATH]["get"]["responses"]["200"]["content"]["application/json"]
    page = document["components"]["schemas"]["ProbePage"]
    assert listed["schema"] == {"$ref": "#/components/schemas/ProbePage"}
    assert page["required"] == ["items", "page", "per_page", "total", "pages"]
    assert page["properties"]["items"]["items"] == {"$ref": "#/components/schemas/ProbeOut"}


def test_a_field_that_may_be_null_is_documented_as_such(client: Client) -> None:
    schemas = body_of(client.get("/openapi.json"))["components"]["schemas"]

    for name in (*BODIES, "ProbeOut"):
        note = schemas[name]["properties"]["note"]
        assert [option.get("type") for option in note["anyOf"]] == ["string", "null"], name
    # What is said for people stays beside the choice.
    assert schemas["ProbeCreate"]["properties"]["note"]["description"].startswith("Optional")
    assert "note" not in schemas["ProbeCreate"]["required"]


def test_request_bodies_are_documented_as_refused(client: Client) -> None:
    """What the app refuses, the document says: fuzzers and clients take it at its word."""
    document = body_of(client.get("/openapi.json"))
    schemas = document["components"]["schemas"]
    operations = [
        document["paths"][PATH]["post"],
        *(document["paths"][ITEM][method] for method in ("put", "patch")),
    ]

    for operation in operations:
        assert operation["requestBody"]["required"] is True  # an empty body is a 400
        assert {"400", "413", "415", "422", "500"} <= set(operation["responses"])
    for name in BODIES:
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
    pattern = schemas["ProbeCreate"]["properties"]["title"]["pattern"]

    response = send_json(client, "post", PATH, {"title": title})

    assert bool(re.search(pattern, title)) == (response.status_code == 201), response.content


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
