"""Configuration comes from the environment, and production refuses to run unsafely."""

from collections.abc import Callable
from pathlib import Path

import pytest
from apiflask import APIFlask
from pydantic import ValidationError

from app.core.config import Settings

STRONG_SECRET = "k3Y-" + "x" * 40


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    names = ("APP_ENV", "DATABASE_URL", "SECRET_KEY", "LOG_LEVEL", "CORS_ORIGINS", "PORT")
    for name in (*names, "HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    "secret",
    [None, "", "change-me", "short-secret"],
    ids=["missing", "empty", "placeholder", "too-short"],
)
def test_production_refuses_a_weak_or_missing_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str | None
) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)

    with pytest.raises(ValidationError, match="SECRET_KEY must be set"):
        Settings(_env_file=None)


def test_production_with_a_real_secret_has_debug_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_SECRET)

    settings = Settings(_env_file=None)

    assert settings.debug is False
    assert settings.effective_log_format == "json"


def test_the_production_app_has_debug_off_and_the_secret(
    make_app: Callable[..., APIFlask],
) -> None:
    app = make_app(app_env="production", secret_key=STRONG_SECRET)

    assert app.debug is False
    assert app.testing is False
    assert app.secret_key == STRONG_SECRET


def test_development_needs_no_secret_and_defaults_to_sqlite() -> None:
    settings = Settings(_env_file=None)

    assert settings.app_env == "development"
    assert settings.debug is True
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("/app.db")
    assert settings.port == 8000
    assert settings.hsts_seconds == 0


def test_hsts_seconds_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSTS_SECONDS", "31536000")

    assert Settings(_env_file=None).hsts_seconds == 31536000


@pytest.mark.parametrize("value", ["-1", "a year"])
def test_hsts_seconds_must_be_a_whole_number_of_seconds(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HSTS_SECONDS", value)

    with pytest.raises(ValidationError, match="hsts_seconds"):
        Settings(_env_file=None)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/app", "postgresql+psycopg://u:p@db/app"),
        ("postgresql://u:p@db/app", "postgresql+psycopg://u:p@db/app"),
        ("postgresql+psycopg://u:p@db/app", "postgresql+psycopg://u:p@db/app"),
        ("sqlite:///./x.db", "sqlite:///./x.db"),
    ],
)
def test_database_urls_get_the_psycopg_driver(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)

    assert Settings(_env_file=None).database_url == expected


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("PORT", "9000")

    settings = Settings(_env_file=None)

    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.log_level == "DEBUG"
    assert settings.port == 9000


def test_dotenv_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=8123\nLOG_FORMAT=\n")

    assert Settings(_env_file=env_file).port == 8123
