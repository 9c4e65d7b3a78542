import json
import re

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

# What generated clients name their functions after: the same in every forge skeleton.
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
SHARED_SCHEMAS = {"Problem", "ProblemError", "Health", "Readiness"}
TASK_SCHEMAS = {"Task" + role for role in ("Out", "Create", "Replace", "Patch", "Page")}
# Each resource's schemas are its model's name and one of these: TaskOut, NotePage...
RESOURCE_SCHEMA = re.compile(r"[A-Z][A-Za-z0-9]*(Out|Create|Replace|Patch|Page)")


def test_openapi_describes_every_path(app: APIFlask, client: FlaskClient) -> None:
    document = client.get("/openapi.json").json
    # Every route of the API and the health checks, whatever resources were added since.
    served = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/api/", "/health"))
    }

    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == served
    assert {"/health", "/health/ready", "/api/tasks", "/api/tasks/{task_id}"} <= served
    item = document["paths"]["/api/tasks/{task_id}"]
    assert set(item) == {"get", "put", "patch", "delete"}
    assert {"Task" + s for s in ("Create", "Out", "Patch", "Replace")} <= set(
        document["components"]["schemas"]
    )


def test_operations_are_named_and_tagged_by_the_contract(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").json["paths"]
    operations = {
        (path, method): operation
        for path, item in paths.items()
        for method, operation in item.items()
    }

    named = {key: operations[key]["operationId"] for key in OPERATIONS}
    assert named == OPERATIONS
    ids = [operation["operationId"] for operation in operations.values()]
    assert len(ids) == len(set(ids))
    for (path, _), operation in operations.items():
        # The resource's plural (`blog_posts` at /api/blog-posts), or "health".
        resource = path.split("/")[2].replace("-", "_") if path.startswith("/api/") else "health"
        assert operation["tags"] == [resource]
    # HEAD is answered wherever GET is, but is no operation of its own.
    assert all("head" not in item for item in paths.values())


def test_components_are_the_contracts_and_nothing_else(client: FlaskClient) -> None:
    document = client.get("/openapi.json").json
    schemas = set(document["components"]["schemas"])

    assert schemas >= SHARED_SCHEMAS | TASK_SCHEMAS
    assert [name for name in schemas - SHARED_SCHEMAS if not RESOURCE_SCHEMA.fullmatch(name)] == []
    assert document["openapi"] == "3.1.0"
    # No list of tags at the top: each operation names its own.
    assert "tags" not in document
    assert "securitySchemes" not in document["components"]


def test_no_schema_documents_a_null_default(client: FlaskClient) -> None:
    text = json.dumps(client.get("/openapi.json").json)

    # An optional field says `anyOf: [..., {"type": "null"}]`, and no more.
    assert '"default": null' not in text
    assert '"nullable"' not in text


def test_every_reference_resolves(client: FlaskClient) -> None:
    response = client.get("/openapi.json")

    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', response.text))
    assert refs
    assert refs <= set(response.json["components"]["schemas"])


def test_errors_are_documented_as_problems(client: FlaskClient) -> None:
    document = client.get("/openapi.json").json

    create = document["paths"]["/api/tasks"]["post"]["responses"]
    assert {"400", "415", "422", "500"} <= set(create)
    for code in ("400", "415", "422", "500"):
        assert set(create[code]["content"]) == {"application/problem+json"}
    assert set(document["paths"]["/api/tasks/{task_id}"]["get"]["responses"]["404"]["content"]) == {
        "application/problem+json"
    }
    assert not {"HTTPError", "ValidationError"} & set(document["components"]["schemas"])


def test_every_answer_an_operation_can_give_is_documented(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").json["paths"]

    def statuses(path: str, method: str) -> set[str]:
        return set(paths[path][method]["responses"])

    # Every operation refuses an over-long request line and unknown query parameters.
    everywhere = {"414", "422", "500"}
    body_errors = everywhere | {"400", "413", "415"}
    assert statuses("/health", "get") == {"200"} | everywhere
    assert statuses("/health/ready", "get") == {"200", "503"} | everywhere
    assert statuses("/api/tasks", "get") == {"200"} | everywhere
    assert statuses("/api/tasks", "post") == {"201"} | body_errors
    assert statuses("/api/tasks/{task_id}", "put") == {"200", "404"} | body_errors
    assert statuses("/api/tasks/{task_id}", "patch") == {"200", "404"} | body_errors
    assert statuses("/api/tasks/{task_id}", "get") == {"200", "404"} | everywhere
    assert statuses("/api/tasks/{task_id}", "delete") == {"204", "404"} | everywhere
    for item in paths.values():
        for operation in item.values():
            assert everywhere <= set(operation["responses"])
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")) and code != "503":
                    assert set(response["content"]) == {"application/problem+json"}, code


def test_request_bodies_are_required_and_closed(client: FlaskClient) -> None:
    document = client.get("/openapi.json").json
    schemas = document["components"]["schemas"]

    for name in ("TaskCreate", "TaskReplace", "TaskPatch"):
        assert schemas[name]["additionalProperties"] is False, name
    for path, method in [("/api/tasks", "post"), ("/api/tasks/{task_id}", "put"),
                         ("/api/tasks/{task_id}", "patch")]:  # fmt: skip
        assert document["paths"][path][method]["requestBody"]["required"] is True


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
def test_documented_title_agrees_with_validation(client: FlaskClient, title: str) -> None:
    documented = client.get("/openapi.json").json["components"]["schemas"]["TaskCreate"]
    title_schema = documented["properties"]["title"]

    response = client.post("/api/tasks", json={"title": title})

    # No maxLength: it would count the white space that stripping drops.
    assert "maxLength" not in title_schema
    accepted = response.status_code == 201
    assert bool(re.search(title_schema["pattern"], title)) == accepted, response.text


def test_schemas_carry_examples(client: FlaskClient) -> None:
    schemas = client.get("/openapi.json").json["components"]["schemas"]

    assert schemas["TaskCreate"]["examples"][0]["title"]
    assert schemas["TaskOut"]["examples"][0]["created_at"]


def test_docs_are_served_without_a_cdn(client: FlaskClient) -> None:
    page = client.get("/docs")

    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets
    assert all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        with client.get(asset) as response:  # files are streamed: close them
            assert response.status_code == 200, asset
