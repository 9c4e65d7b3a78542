"""Configuration comes from the environment, and production refuses to run unsafely."""

from collections.abc import Callable
from pathlib import Path

import pytest
from apiflask import APIFlask
from pydantic import ValidationError
{%- if cookiecutter.database == "postgres" %}
from sqlalchemy.pool import QueuePool
{%- endif %}

from app.core.config import (
    MISSING_KEY_MESSAGE,
    MISSING_SETTINGS,
    Settings,
    get_settings,
    settings_error_message,
)
{%- if cookiecutter.database == "postgres" %}
from app.extensions import db
{%- endif %}

STRONG_SECRET = "k3Y-" + "x" * 40


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
{%- if cookiecutter.database == "postgres" %}
    """Only what each test sets, and the DATABASE_URL no PostgreSQL project starts without."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db/app")
{%- else %}
    """Only what each test sets."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
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


def test_the_production_app_has_debug_off_and_the_secret(
    make_app: Callable[..., APIFlask],
) -> None:
    app = make_app(app_env="production", secret_key=STRONG_SECRET)

    assert app.debug is False
    assert app.testing is False
    assert app.secret_key == STRONG_SECRET

{%- if cookiecutter.database == "postgres" %}


def test_development_needs_no_secret() -> None:
    settings = Settings(_env_file=None)

    assert settings.app_env == "development"
    assert settings.debug is True
    assert settings.port == 8000
    assert settings.hsts_seconds == 0


def test_a_postgres_project_needs_database_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL")
    # No `.env` either: start-up reads the one in the working directory.
    monkeypatch.chdir(tmp_path)

    with pytest.raises(SystemExit) as stopped:
        start()

    assert str(stopped.value.code) == MISSING_SETTINGS["database_url"]
{%- else %}


def test_development_needs_no_secret_and_defaults_to_sqlite() -> None:
    settings = Settings(_env_file=None)

    assert settings.app_env == "development"
    assert settings.debug is True
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("/app.db")
    assert settings.port == 8000
    assert settings.hsts_seconds == 0
{%- endif %}


def start() -> Settings:
    """Settings as the app, `flask` and gunicorn start with them, read anew."""
    get_settings.cache_clear()
    try:
        return get_settings()
    finally:
        get_settings.cache_clear()


def test_start_up_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("PORT", "9001")

    assert (start().database_url, start().port) == ("sqlite:///elsewhere.db", 9001)


@pytest.mark.parametrize(
    ("variables", "said"),
    [
        pytest.param(
            {"HSTS_SECONDS": "-1"},
            "HSTS_SECONDS: Input should be greater than or equal to 0",
            id="a-setting",
        ),
        pytest.param({"APP_ENV": "production"}, MISSING_KEY_MESSAGE, id="a-rule-across-settings"),
    ],
)
def test_settings_the_app_cannot_start_with_stop_it_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variables: dict[str, str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(SystemExit) as stopped:
        start()

    assert str(stopped.value.code) == said


def test_a_missing_setting_is_named_with_what_to_do() -> None:
    error = ValidationError.from_exception_data(
        "Settings",
        [
            {"type": "missing", "loc": ("database_url",), "input": {}},
            {"type": "missing", "loc": ("other",), "input": {}},
        ],
    )

    assert settings_error_message(error).splitlines() == [
        MISSING_SETTINGS["database_url"],
        "OTHER is not set",
    ]


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


def test_each_workers_postgres_pool_is_db_pool_size_without_overflow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db/app")
    monkeypatch.setenv("DB_POOL_SIZE", "7")

    options = Settings(_env_file=None).flask_config()["SQLALCHEMY_ENGINE_OPTIONS"]

    assert options == {"pool_pre_ping": True, "pool_size": 7, "max_overflow": 0}


def test_db_pool_size_is_a_connection_a_thread_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db/app")

    assert Settings(_env_file=None).engine_options()["pool_size"] == 4


def test_sqlite_keeps_its_own_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("DB_POOL_SIZE", "7")

    assert Settings(_env_file=None).engine_options() == {"pool_pre_ping": True}


@pytest.mark.parametrize("value", ["0", "-1", "four"])
def test_db_pool_size_is_at_least_one_connection(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("DB_POOL_SIZE", value)

    with pytest.raises(ValidationError, match="db_pool_size"):
        Settings(_env_file=None)
{%- if cookiecutter.database == "postgres" %}


def test_the_apps_engine_gets_the_pool(make_app: Callable[..., APIFlask]) -> None:
    # Made, not connected: the engine connects on its first use, and this one is never used.
    app = make_app(database_url="postgresql://u:p@db.invalid/app", db_pool_size=3)

    with app.app_context():
        pool = db.engine.pool

    assert isinstance(pool, QueuePool)
    assert pool.size() == 3
{%- endif %}
