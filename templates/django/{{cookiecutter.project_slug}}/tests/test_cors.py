from django.test import Client
from pytest_django import Settings

from config.settings.base import middleware
from tests.conftest import assert_problem

PREFLIGHT = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}


def test_cors_is_off_by_default(client: Client) -> None:
    response = client.get("/health", headers={"Origin": "https://app.example"})
    preflight = client.options("/health", headers=PREFLIGHT)

    assert "Access-Control-Allow-Origin" not in response
    assert_problem(preflight, 405)


def test_listed_origins_are_allowed(settings: Settings) -> None:
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    settings.MIDDLEWARE = middleware(cors=True)
    client = Client()  # after the change: a client loads the middleware once

    preflight = client.options("/health", headers=PREFLIGHT)
    other = client.get("/health", headers={"Origin": "https://evil.example"})

    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Access-Control-Allow-Origin" not in other
