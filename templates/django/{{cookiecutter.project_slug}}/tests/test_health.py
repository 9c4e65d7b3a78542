import time

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client

from app import __version__
from app.health import selectors
from tests.conftest import body_of


def test_health_reports_status_uptime_and_version(client: Client) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = body_of(response)
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert isinstance(body["uptime"], float)
    assert body["uptime"] >= 0


def test_uptime_grows(client: Client) -> None:
    first = body_of(client.get("/health"))["uptime"]
    second = body_of(client.get("/health"))["uptime"]

    assert second > first


def test_ready_when_database_answers(client: Client) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert body_of(response) == {"status": "ok", "checks": {"database": "ok"}}


@pytest.fixture
def unreachable_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The readiness probe opens its own connection: point it at a file that cannot exist."""
    missing_dir = tmp_path_factory.mktemp("gone") / "no" / "such" / "dir"
    settings = connections.settings[DEFAULT_DB_ALIAS]
    unreachable = {
        **settings,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(missing_dir / "app.db"),
        "OPTIONS": {},
    }
    monkeypatch.setitem(connections.settings, DEFAULT_DB_ALIAS, unreachable)


@pytest.mark.usefixtures("unreachable_database")
def test_not_ready_when_database_is_unreachable(client: Client) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = body_of(response)
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unreachable (OperationalError)"


def test_a_database_too_slow_to_answer_is_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "_probe", lambda alias, outcome: time.sleep(0.5))

    assert selectors.database_status(timeout=0.05) == "timeout"


@pytest.mark.usefixtures("unreachable_database")
def test_liveness_ignores_the_database(client: Client) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert body_of(response)["status"] == "ok"
