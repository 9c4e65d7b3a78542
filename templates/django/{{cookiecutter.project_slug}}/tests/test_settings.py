"""Configuration comes from the environment, and production refuses to run unsafely.

Settings modules read the environment once, when imported: each test runs one afresh, in an
environment of its own, without touching the settings the suite runs on.
"""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
{%- if cookiecutter.database == "postgres" %}
from django.db.backends.postgresql.base import DatabaseWrapper
from django.db.utils import ConnectionHandler
{%- endif %}

import config.settings.base
{%- if cookiecutter.database == "postgres" %}
from config.env import MISSING_DATABASE_MESSAGE, env, settings_module, use_environment
{%- else %}
from config.env import env, settings_module, use_environment
{%- endif %}

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STRONG_SECRET = "k3Y-" + "x" * 60
VARIABLES = (
    "APP_ENV",
    "DATABASE_URL",
    "SECRET_KEY",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "CORS_ORIGINS",
    "MAX_BODY_SIZE",
    "PORT",
    "WEB_CONCURRENCY",
    "DB_POOL_SIZE",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "HSTS_SECONDS",
{%- if cookiecutter.auth == "jwt" %}
    "ACCESS_TOKEN_MINUTES",
    "REFRESH_TOKEN_DAYS",
    "ALLOW_REGISTRATION",
{%- endif %}
)
{%- if cookiecutter.database == "postgres" %}
# What every test's environment has unless it says otherwise: a PostgreSQL project's database.
REQUIRED = {"DATABASE_URL": "postgresql://app:secret@db.example:5432/app"}
{%- else %}
# What every test's environment has unless it says otherwise: nothing, all has a default.
REQUIRED: dict[str, str] = {}
{%- endif %}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        # Set first, so that the variable is restored (or removed) whatever the test sets.
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


def reload_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The settings modules the test imports run afresh; the suite's own are put back after it."""
    monkeypatch.delitem(sys.modules, "config.settings.base")
    monkeypatch.setattr(config.settings, "base", config.settings.base)


def load_settings(monkeypatch: pytest.MonkeyPatch, app_env: str, **env: str) -> dict[str, Any]:
    for name, value in {**REQUIRED, **env}.items():
        monkeypatch.setenv(name, value)
    reload_settings(monkeypatch)
    return runpy.run_module(f"config.settings.{app_env}")


@pytest.mark.parametrize(
    "secret",
    [None, "", "change-me", "short-secret"],
    ids=["missing", "empty", "placeholder", "too-short"],
)
def test_production_refuses_a_weak_or_missing_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str | None
) -> None:
    env = {} if secret is None else {"SECRET_KEY": secret}

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        load_settings(monkeypatch, "production", **env)


def test_production_with_a_real_secret_has_debug_off(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(monkeypatch, "production", SECRET_KEY=STRONG_SECRET)

    assert settings["DEBUG"] is False
    assert settings["LOG_FORMAT"] == "json"
    assert settings["SESSION_COOKIE_SECURE"] is settings["CSRF_COOKIE_SECURE"] is True
    # No redirect to HTTPS, and no HSTS, unless asked for: the proxy in front does it.
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["HSTS_SECONDS"] == 0
    assert "SECURE_PROXY_SSL_HEADER" not in settings


def test_production_turns_https_on_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(
        monkeypatch,
        "production",
        SECRET_KEY=STRONG_SECRET,
        SECURE_SSL_REDIRECT="true",
        HSTS_SECONDS="31536000",
    )

    assert (settings["SECURE_SSL_REDIRECT"], settings["HSTS_SECONDS"]) == (True, 31536000)
    # What `check --deploy` cannot see: app.core.middleware sends X-Frame-Options and HSTS.
    assert settings["SILENCED_SYSTEM_CHECKS"] == ["security.W002", "security.W004"]


{%- if cookiecutter.database == "postgres" %}


def test_development_needs_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(monkeypatch, "development")

    assert settings["DEBUG"] is True
    assert len(settings["SECRET_KEY"]) >= 50
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.example", "app")
    assert database["OPTIONS"]["connect_timeout"] == 10
    assert settings["PORT"] == 8000
    assert settings["CORS_ALLOWED_ORIGINS"] == []
    assert "corsheaders.middleware.CorsMiddleware" not in settings["MIDDLEWARE"]


@pytest.mark.parametrize("app_env", ["development", "production"])
def test_there_is_no_database_without_database_url(
    monkeypatch: pytest.MonkeyPatch, app_env: str
) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        load_settings(monkeypatch, app_env, DATABASE_URL="", SECRET_KEY=STRONG_SECRET)

    assert str(refused.value) == MISSING_DATABASE_MESSAGE
{%- else %}


def test_development_needs_no_secret_and_defaults_to_sqlite(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = load_settings(monkeypatch, "development")

    assert settings["DEBUG"] is True
    assert len(settings["SECRET_KEY"]) >= 50
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(PROJECT_ROOT / "app.db")
    assert database["OPTIONS"]["init_command"] == "PRAGMA journal_mode=WAL"
    assert settings["PORT"] == 8000
    assert settings["CORS_ALLOWED_ORIGINS"] == []
    assert "corsheaders.middleware.CorsMiddleware" not in settings["MIDDLEWARE"]
{%- endif %}


@pytest.mark.parametrize(
    ("given", "engine"),
    [
        ("postgres://u:p@db/app", "django.db.backends.postgresql"),
        ("postgresql://u:p@db/app", "django.db.backends.postgresql"),
        ("sqlite:////tmp/x.db", "django.db.backends.sqlite3"),
    ],
)
def test_database_urls_pick_the_backend(
    monkeypatch: pytest.MonkeyPatch, given: str, engine: str
) -> None:
    database = load_settings(monkeypatch, "development", DATABASE_URL=given)["DATABASES"]

    assert database["default"]["ENGINE"] == engine


@pytest.mark.parametrize(("given", "size"), [({}, 4), ({"DB_POOL_SIZE": "7"}, 7)])
def test_postgresql_connections_come_from_a_pool_of_db_pool_size(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, str], size: int
) -> None:
    url = "postgresql://u:p@db.example/app?sslmode=require"
    settings = load_settings(
        monkeypatch, "production", SECRET_KEY=STRONG_SECRET, DATABASE_URL=url, **given
    )

    database = settings["DATABASES"]["default"]
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": size, "timeout": 10}
    # The pool keeps the connections: Django, which refuses to pool otherwise, keeps none.
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["connect_timeout"] == 10
    assert database["OPTIONS"]["sslmode"] == "require"
{%- if cookiecutter.database == "postgres" %}

    # What a worker builds from them, on its first query: Django's pool, not connected yet.
    # (Django wants a default database beside it: an empty entry is its dummy backend.)
    wrapper = ConnectionHandler({"default": {}, "sized": database})["sized"]
    assert isinstance(wrapper, DatabaseWrapper)
    try:
        assert (wrapper.pool.min_size, wrapper.pool.max_size) == (1, size)
        assert wrapper.pool.timeout == 10
    finally:
        wrapper.close_pool()
{%- endif %}


def test_sqlite_keeps_a_connection_per_thread_and_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(monkeypatch, "development", DATABASE_URL="sqlite:////tmp/x.db")

    database = settings["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert "pool" not in database["OPTIONS"]


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(
        monkeypatch,
        "development",
        CORS_ORIGINS="https://a.example, https://b.example",
        LOG_LEVEL="debug",
        PORT="9000",
        WEB_CONCURRENCY="3",
        MAX_BODY_SIZE="2048",
        ALLOWED_HOSTS="api.example, localhost",
        HSTS_SECONDS="600",
    )

    assert settings["CORS_ALLOWED_ORIGINS"] == ["https://a.example", "https://b.example"]
    assert settings["ALLOWED_HOSTS"] == ["api.example", "localhost"]
    assert "corsheaders.middleware.CorsMiddleware" in settings["MIDDLEWARE"]
    assert settings["LOG_LEVEL"] == "DEBUG"
    assert (settings["PORT"], settings["WEB_CONCURRENCY"]) == (9000, 3)
    assert settings["MAX_BODY_SIZE"] == settings["DATA_UPLOAD_MAX_MEMORY_SIZE"] == 2048
    assert settings["HSTS_SECONDS"] == 600


def test_an_empty_variable_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(
        monkeypatch, "production", SECRET_KEY=STRONG_SECRET, PORT="", LOG_FORMAT=""
    )

    assert (settings["PORT"], settings["LOG_FORMAT"]) == (8000, "json")


@pytest.mark.parametrize(
    "variables",
    [
        {"LOG_LEVEL": "LOUD"},
        {"LOG_FORMAT": "xml"},
        {"PORT": "70000"},
        {"WEB_CONCURRENCY": "0"},
        {"DB_POOL_SIZE": "0"},
        {"HSTS_SECONDS": "-1"},
    ],
    ids=["log-level", "log-format", "port", "workers", "pool-size", "hsts"],
)
def test_invalid_values_are_refused(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str]
) -> None:
    with pytest.raises(ImproperlyConfigured, match=next(iter(variables))):
        load_settings(monkeypatch, "development", **variables)


@pytest.mark.parametrize("app_env", ["development", "test", "production"])
def test_the_settings_module_follows_app_env(monkeypatch: pytest.MonkeyPatch, app_env: str) -> None:
    monkeypatch.setenv("APP_ENV", app_env)

    assert settings_module() == f"config.settings.{app_env}"


def test_an_unknown_app_env_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "staging")

    with pytest.raises(ImproperlyConfigured, match="APP_ENV must be one of"):
        settings_module()


def test_an_empty_variable_is_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")

    assert "PORT" not in env.ENVIRON
    assert "LOG_LEVEL" in env.ENVIRON
    assert len(env.ENVIRON) == len(list(env.ENVIRON)) == len([v for v in os.environ.values() if v])


def test_dotenv_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("PORT=8123\nLOG_FORMAT=\nLOG_LEVEL=WARNING\n")
    monkeypatch.setenv("LOG_LEVEL", "ERROR")  # the environment wins over the file

    use_environment(dotenv)
    settings = load_settings(monkeypatch, "development")

    assert (settings["PORT"], settings["LOG_FORMAT"], settings["LOG_LEVEL"]) == (
        8123,
        "plain",
        "ERROR",
    )


def test_check_deploy_passes_in_production(tmp_path: Path) -> None:
    """Django's deployment checklist, warnings included, on the production settings."""
    env = {name: value for name, value in os.environ.items() if name not in VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=STRONG_SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.db'}",
    )
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]

    result = subprocess.run(  # noqa: S603 - a fixed command, run in a fresh process
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr
