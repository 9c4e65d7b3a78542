from collections.abc import Callable

from apiflask import APIFlask
from flask.testing import FlaskClient

PREFLIGHT = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}


def test_cors_is_off_by_default(client: FlaskClient) -> None:
    response = client.get("/health", headers={"Origin": "https://app.example"})

    assert "access-control-allow-origin" not in response.headers


def test_listed_origins_are_allowed(make_app: Callable[..., APIFlask]) -> None:
    client = make_app(cors_origins=["https://app.example"]).test_client()

    preflight = client.options("/api/tasks", headers=PREFLIGHT)
    other = client.get("/health", headers={"Origin": "https://evil.example"})

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in other.headers
