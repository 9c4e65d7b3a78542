import time
from collections.abc import Callable

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from app import __version__
from app.api.routes import health


def test_health_reports_status_uptime_and_version(client: FlaskClient) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert isinstance(body["uptime"], float)
    assert body["uptime"] >= 0


def test_uptime_grows(client: FlaskClient) -> None:
    first = client.get("/health").get_json()["uptime"]
    second = client.get("/health").get_json()["uptime"]

    assert second > first


def test_ready_when_database_answers(client: FlaskClient) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.fixture
def unreachable_client(
    make_app: Callable[..., APIFlask], tmp_path_factory: pytest.TempPathFactory
) -> FlaskClient:
    missing_dir = tmp_path_factory.mktemp("gone") / "no" / "such" / "dir"
    return make_app(database_url=f"sqlite:///{missing_dir}/app.db").test_client()


def test_not_ready_when_database_is_unreachable(unreachable_client: FlaskClient) -> None:
    response = unreachable_client.get("/health/ready")

    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unreachable (OperationalError)"
    assert "sqlite" not in body["checks"]["database"]


def test_not_ready_when_database_does_not_answer_in_time(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hanging_ping(engine: object) -> str:
        time.sleep(0.5)
        return "ok"

    monkeypatch.setattr(health, "READY_TIMEOUT_SECONDS", 0.05)
    monkeypatch.setattr(health, "_ping", hanging_ping)

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "timeout"}


def test_liveness_ignores_the_database(unreachable_client: FlaskClient) -> None:
    response = unreachable_client.get("/health")

    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
