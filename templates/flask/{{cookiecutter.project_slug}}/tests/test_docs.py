"""The OpenAPI document and the docs page, whatever resources the API has: the rules every
operation and schema keeps. Each resource's own tests check its operations."""

import json
import re
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.probes import PATH

# What generated clients name their functions after: the same in every forge skeleton.
OPERATIONS = {("/health", "get"): "get_health", ("/health/ready", "get"): "get_readiness"}
{%- if cookiecutter.auth == "jwt" %}
SHARED_SCHEMAS = {"Problem", "ProblemError", "Health", "Readiness"} | {
    "UserCreate",
    "UserOut",
    "PasswordChange",
    "TokenCreate",
    "TokenRefresh",
    "TokenPair",
}
{%- else %}
SHARED_SCHEMAS = {"Problem", "ProblemError", "Health", "Readiness"}
{%- endif %}
# Each resource's schemas are its model's name and one of these: TaskOut, NotePage...
RESOURCE_SCHEMA = re.compile(r"[A-Z][A-Za-z0-9]*(Out|Create|Replace|Patch|Page)")
# Every operation refuses an over-long request line and unknown query parameters.
EVERYWHERE = {"414", "422", "500"}


def _document(client: FlaskClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").get_json()
    return document


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def test_openapi_describes_every_path(app: APIFlask, client: FlaskClient) -> None:
    document = _document(client)
    # Every route of the API and the health checks, whatever resources were added since.
    served = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/api/", "/health"))
    }

    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == served
    assert {"/health", "/health/ready"} <= served


def test_operations_are_named_and_tagged_by_the_contract(client: FlaskClient) -> None:
    operations = _operations(_document(client))

    named = {key: operations[key]["operationId"] for key in OPERATIONS}
    assert named == OPERATIONS
    ids = [operation["operationId"] for operation in operations.values()]
    assert len(ids) == len(set(ids))
    for (path, _), operation in operations.items():
        # The resource's plural (`blog_posts` at /api/blog-posts), or "health".
        resource = path.split("/")[2].replace("-", "_") if path.startswith("/api/") else "health"
        assert operation["tags"] == [resource]
    # HEAD is answered wherever GET is, but is no operation of its own.
    assert all(method != "head" for _, method in operations)


def test_components_are_the_contracts_and_nothing_else(client: FlaskClient) -> None:
    document = _document(client)
    schemas = set(document["components"]["schemas"])

    assert schemas >= SHARED_SCHEMAS
    assert [name for name in schemas - SHARED_SCHEMAS if not RESOURCE_SCHEMA.fullmatch(name)] == []
    # No list of tags at the top: each operation names its own.
    assert "tags" not in document
{%- if cookiecutter.auth == "jwt" %}
    assert document["components"]["securitySchemes"] == {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    assert "security" not in document
{%- else %}
    assert "securitySchemes" not in document["components"]
{%- endif %}


@pytest.mark.parametrize("app_name", ["app", "probe_app"])
def test_no_schema_documents_a_null_default(request: pytest.FixtureRequest, app_name: str) -> None:
    client: FlaskClient = request.getfixturevalue(app_name).test_client()
    text = json.dumps(_document(client))

    # An optional field says `anyOf: [..., {"type": "null"}]`, and no more.
    assert '"default": null' not in text
    assert '"nullable"' not in text


@pytest.mark.parametrize("app_name", ["app", "probe_app"])
def test_every_reference_resolves_to_a_component_of_its_own(
    request: pytest.FixtureRequest, app_name: str
) -> None:
    client: FlaskClient = request.getfixturevalue(app_name).test_client()
    response = client.get("/openapi.json")
    schemas = response.get_json()["components"]["schemas"]

    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', response.text))
    assert refs
    assert refs <= set(schemas)
    # A page's items are their own component (ProbeOut), not one nested in the page's name.
    assert not [name for name in schemas if "." in name]


@pytest.mark.parametrize("app_name", ["app", "probe_app"])
def test_every_answer_an_operation_can_give_is_documented_as_a_problem(
    request: pytest.FixtureRequest, app_name: str
) -> None:
    client: FlaskClient = request.getfixturevalue(app_name).test_client()
    document = _document(client)

    for key, operation in _operations(document).items():
        assert set(operation["responses"]) >= EVERYWHERE, key
        for code, response in operation["responses"].items():
            if code.startswith(("4", "5")) and code != "503":
                assert set(response["content"]) == {"application/problem+json"}, (key, code)
    assert not {"HTTPError", "ValidationError"} & set(document["components"]["schemas"])


def test_the_health_checks_answers_are_documented(client: FlaskClient) -> None:
    operations = _operations(_document(client))

    assert set(operations["/health", "get"]["responses"]) == {"200"} | EVERYWHERE
    ready = operations["/health/ready", "get"]["responses"]
    assert set(ready) == {"200", "503"} | EVERYWHERE
    # A 503 says which check failed, as a 200 does.
    assert ready["503"]["content"] == ready["200"]["content"]


def test_request_bodies_are_required_and_closed(probe_client: FlaskClient) -> None:
    document = _document(probe_client)
    schemas = document["components"]["schemas"]
    bodies = {
        key: operation["requestBody"]
        for key, operation in _operations(document).items()
        if "requestBody" in operation
    }

    # The probes', and every resource's.
    item = PATH + "/{probe_id}"
    assert set(bodies) >= {(PATH, "post"), (item, "put"), (item, "patch")}
    for key, body in bodies.items():
        assert body["required"] is True, key
        ref = body["content"]["application/json"]["schema"]["$ref"]
        assert schemas[ref.rsplit("/", 1)[1]]["additionalProperties"] is False, key


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
def test_documented_short_text_agrees_with_validation(
    probe_client: FlaskClient, title: str
) -> None:
    documented = _document(probe_client)["components"]["schemas"]["ProbeCreate"]
    title_schema = documented["properties"]["title"]

    response = probe_client.post(PATH, json={"title": title})

    # No maxLength: it would count the white space that stripping drops.
    assert "maxLength" not in title_schema
    accepted = response.status_code == 201
    assert bool(re.search(title_schema["pattern"], title)) == accepted, response.text


def test_docs_are_served_without_a_cdn(client: FlaskClient) -> None:
    page = client.get("/docs")

    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets
    assert all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        with client.get(asset) as response:  # files are streamed: close them
            assert response.status_code == 200, asset
