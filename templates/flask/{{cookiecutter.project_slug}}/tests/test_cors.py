from collections.abc import Callable

from flask.testing import FlaskClient

from tests.probes import PATH

PREFLIGHT = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}


def test_cors_is_off_by_default(probe_client: FlaskClient) -> None:
    preflight = probe_client.options(PATH, headers=PREFLIGHT)
    response = probe_client.get("/health", headers={"Origin": "https://app.example"})

    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in response.headers


def test_listed_origins_are_allowed(make_probe_client: Callable[..., FlaskClient]) -> None:
    client = make_probe_client(cors_origins=["https://app.example"])

    preflight = client.options(PATH, headers=PREFLIGHT)
    allowed = client.get("/health", headers={"Origin": "https://app.example"})
    other = client.get("/health", headers={"Origin": "https://evil.example"})

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert allowed.headers["access-control-expose-headers"] == "Location, X-Request-ID"
    assert "access-control-allow-origin" not in other.headers
