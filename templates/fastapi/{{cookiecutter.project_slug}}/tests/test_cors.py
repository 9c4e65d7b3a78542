from collections.abc import Callable

import httpx

from app.core.config import Settings
from app.main import create_app
from tests.conftest import make_client

PREFLIGHT = {"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}


async def test_cors_is_off_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"Origin": "https://app.example"})

    assert "access-control-allow-origin" not in response.headers


async def test_listed_origins_are_allowed(make_settings: Callable[..., Settings]) -> None:
    app = create_app(make_settings(cors_origins=["https://app.example"]))
    async with make_client(app) as client:
        preflight = await client.options("/health", headers=PREFLIGHT)
        other = await client.get("/health", headers={"Origin": "https://evil.example"})
        other_preflight = await client.options(
            "/health", headers={**PREFLIGHT, "Origin": "https://evil.example"}
        )
    await app.state.engine.dispose()

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in other.headers
    # Refused by leaving the CORS headers out, not by a text/plain 400.
    assert other_preflight.status_code == 200
    assert "access-control-allow-origin" not in other_preflight.headers
