import re

from flask.testing import FlaskClient


def test_openapi_describes_every_path(client: FlaskClient) -> None:
    document = client.get("/openapi.json").json

    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
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
