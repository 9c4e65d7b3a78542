import re

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient


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

    body_errors = {"400", "413", "415", "422", "500"}
    assert {"200", "422", "500"} <= statuses("/api/tasks", "get")
    assert body_errors <= statuses("/api/tasks", "post")
    assert body_errors | {"404"} <= statuses("/api/tasks/{task_id}", "put")
    assert body_errors | {"404"} <= statuses("/api/tasks/{task_id}", "patch")
    assert {"404", "500"} <= statuses("/api/tasks/{task_id}", "get")
    assert {"204", "404", "500"} <= statuses("/api/tasks/{task_id}", "delete")
    for item in paths.values():
        for operation in item.values():
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
