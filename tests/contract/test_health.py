import httpx


def test_liveness(client: httpx.Client) -> None:
    first = client.get("/health")
    second = client.get("/health")

    assert first.status_code == 200
    assert first.headers["content-type"].split(";")[0] == "application/json"
    body = first.json()
    assert set(body) == {"status", "uptime", "version"}
    assert body["status"] == "ok"
    assert isinstance(body["uptime"], float) and body["uptime"] >= 0
    assert isinstance(body["version"], str) and body["version"]
    assert second.json()["version"] == body["version"]


def test_readiness(client: httpx.Client) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
