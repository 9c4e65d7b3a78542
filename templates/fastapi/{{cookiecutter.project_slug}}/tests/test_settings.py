"""Configuration comes from the environment, and production refuses to run unsafely."""

import runpy
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from pydantic import BaseModel, ValidationError

from app.core.config import MISSING_KEY_MESSAGE, Settings, get_settings, settings_error_message
from app.main import create_app

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STRONG_SECRET = "k3Y-" + "x" * 40
{%- if cookiecutter.database == "postgres" %}
POSTGRES_URL = "postgresql+asyncpg://app:secret@db.example/app"
{%- endif %}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
{%- if cookiecutter.database == "postgres" %}
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
{%- endif %}


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
{%- if cookiecutter.database == "postgres" %}


def test_development_needs_no_secret() -> None:
    settings = Settings(_env_file=None)

    assert settings.app_env == "development"
    assert settings.debug is True
    assert settings.database_url == POSTGRES_URL
    assert settings.port == 8000
    assert settings.hsts_seconds == 0


def test_a_postgres_project_has_no_database_to_fall_back_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL")

    with pytest.raises(ValidationError, match="database_url"):
        Settings(_env_file=None)
{%- else %}


def test_development_needs_no_secret_and_defaults_to_sqlite() -> None:
    settings = Settings(_env_file=None)

    assert settings.app_env == "development"
    assert settings.debug is True
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.database_url.endswith("/app.db")
    assert settings.port == 8000
    assert settings.hsts_seconds == 0
{%- endif %}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/app", "postgresql+asyncpg://u:p@db/app"),
        ("postgresql://u:p@db/app", "postgresql+asyncpg://u:p@db/app"),
        ("postgresql+asyncpg://u:p@db/app", "postgresql+asyncpg://u:p@db/app"),
        ("sqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
    ],
)
def test_database_urls_get_async_drivers(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)

    assert Settings(_env_file=None).database_url == expected


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("HSTS_SECONDS", "31536000")
    monkeypatch.setenv("DB_POOL_SIZE", "3")

    settings = Settings(_env_file=None)

    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.log_level == "DEBUG"
    assert settings.port == 9000
    assert settings.hsts_seconds == 31536000
    assert settings.db_pool_size == 3


def test_a_negative_hsts_max_age_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSTS_SECONDS", "-1")

    with pytest.raises(ValidationError, match="hsts_seconds"):
        Settings(_env_file=None)


def test_a_pool_without_connections_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_POOL_SIZE", "0")

    with pytest.raises(ValidationError, match="db_pool_size"):
        Settings(_env_file=None)


def test_dotenv_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=8123\nLOG_FORMAT=\n")

    assert Settings(_env_file=env_file).port == 8123


@pytest.fixture
def fresh_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Settings read afresh, in a directory without `.env`."""
    monkeypatch.chdir(tmp_path)
    # Else gunicorn.conf.py makes a metrics directory and names it in this process's
    # environment, for good: the metrics of every later test would be read from it.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _migrate() -> None:
    config = Config(PROJECT_ROOT / "alembic.ini")
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


START_UPS: dict[str, Callable[[], object]] = {
    "app": create_app,
    "migrations": _migrate,
    "gunicorn": lambda: runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py")),
}
{%- if cookiecutter.database == "postgres" %}
MISSING_DATABASE_URL = (
    "DATABASE_URL is not set: copy .env.example to .env and set it to your PostgreSQL URL"
    " (or set it in the environment)"
)


@pytest.mark.parametrize("start", START_UPS.values(), ids=START_UPS)
@pytest.mark.usefixtures("fresh_checkout")
def test_without_database_url_start_up_stops_with_one_line_saying_so(
    monkeypatch: pytest.MonkeyPatch, start: Callable[[], object]
) -> None:
    monkeypatch.delenv("DATABASE_URL")

    with pytest.raises(SystemExit) as stopped:
        start()

    assert stopped.value.code == MISSING_DATABASE_URL
{%- endif %}


@pytest.mark.parametrize("start", START_UPS.values(), ids=START_UPS)
@pytest.mark.usefixtures("fresh_checkout")
def test_production_without_a_secret_stops_start_up_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch, start: Callable[[], object]
) -> None:
    monkeypatch.setenv("APP_ENV", "production")

    with pytest.raises(SystemExit) as stopped:
        start()

    assert stopped.value.code == MISSING_KEY_MESSAGE


@pytest.mark.usefixtures("fresh_checkout")
def test_each_bad_setting_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "eighty")
    monkeypatch.setenv("LOG_FORMAT", "xml")

    with pytest.raises(SystemExit) as stopped:
        get_settings()

    assert str(stopped.value.code).splitlines() == [
        "LOG_FORMAT: Input should be 'json' or 'plain'",
        "PORT: Input should be a valid integer, unable to parse string as an integer",
    ]


def test_a_missing_setting_is_named_as_its_variable() -> None:
    class Needs(BaseModel):
        api_token: str

    with pytest.raises(ValidationError) as invalid:
        Needs.model_validate({})

    assert settings_error_message(invalid.value) == "API_TOKEN is not set"
