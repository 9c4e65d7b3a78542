"""Settings come only from the environment (and an optional `.env`), validated once at start-up."""
{% if cookiecutter.auth == "jwt" %}
import secrets
{%- endif %}
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from flask import current_app
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy import make_url

from app import __version__

__all__ = [
    "Settings",
    "current_settings",
    "database_driver_url",
    "get_settings",
    "settings_error_message",
]

PROJECT_ROOT: Path = Path(__file__).resolve().parents[2]
MIN_SECRET_LENGTH = 32
# Values people paste from examples; accepting them in production would be a silent breach.
PLACEHOLDER_SECRETS = frozenset({"change-me", "changeme", "secret", "dev", "development"})
MISSING_KEY_MESSAGE = (
    "SECRET_KEY must be set to a random value of at least 32 characters in production; "
    "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
)
DRIVERS = {"postgres": "postgresql+psycopg", "postgresql": "postgresql+psycopg"}
# What to do about a required setting that is missing, said in one line at start-up.
MISSING_SETTINGS = {
    "database_url": (
        "DATABASE_URL is not set: copy .env.example to .env and set it to your PostgreSQL URL"
        " (or set it in the environment)"
    ),
}


def database_driver_url(url: str) -> str:
    """The URL with the driver the app talks through: hosting platforms hand out `postgres://`
    URLs, and the app always talks to PostgreSQL through psycopg 3."""
    scheme, sep, rest = url.partition("://")
    return f"{DRIVERS.get(scheme, scheme)}{sep}{rest}"


class Settings(BaseSettings):
    """Every knob of the service; the names are the contract's environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", env_ignore_empty=True, extra="ignore"
    )

    app_name: str = "{{ cookiecutter.project_name }}"
    version: str = __version__
    app_env: Literal["development", "test", "production"] = "development"
{%- if cookiecutter.database == "postgres" %}
    # Required: a PostgreSQL project has no database to fall back on.
    database_url: str
{%- else %}
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'app.db'}"
{%- endif %}
    secret_key: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["json", "plain"] | None = None
    cors_origins: Annotated[list[str], NoDecode] = []
    max_body_size: int = Field(default=1_048_576, ge=1)
    port: int = Field(default=8000, ge=1, le=65535)
    web_concurrency: int | None = Field(default=None, ge=1)
    # The most PostgreSQL connections one worker holds: one for each of gunicorn's 4 threads.
    db_pool_size: int = Field(default=4, ge=1)
    # Strict-Transport-Security's max-age; 0 sends no HSTS. Only once HTTPS works everywhere.
    hsts_seconds: int = Field(default=0, ge=0)
{%- if cookiecutter.auth == "jwt" %}
    # Users and tokens: how long each token lasts, and whether anyone may sign up.
    access_token_minutes: int = Field(default=15, ge=1)
    refresh_token_days: int = Field(default=30, ge=1)
    allow_registration: bool = True
{%- endif %}

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        # Operators write `CORS_ORIGINS=https://a.example,https://b.example`, not JSON.
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _use_psycopg(cls, value: str) -> str:
        return database_driver_url(value)

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> "Settings":
        if self.app_env != "production":
{%- if cookiecutter.auth == "jwt" %}
            # Tokens are signed with the key: without one, a random key of this process's
            # (its tokens stop working when it restarts).
            if self.secret_key is None:
                self.secret_key = SecretStr(secrets.token_urlsafe(48))
{%- endif %}
            return self
        secret = self.secret_key.get_secret_value() if self.secret_key else ""
        if len(secret) < MIN_SECRET_LENGTH or secret.lower() in PLACEHOLDER_SECRETS:
            raise ValueError(MISSING_KEY_MESSAGE)
        return self

    @property
    def debug(self) -> bool:
        return self.app_env == "development"

    @property
    def effective_log_format(self) -> Literal["json", "plain"]:
        """Production logs go to collectors that parse JSON; people read plain text."""
        if self.log_format:
            return self.log_format
        return "json" if self.app_env == "production" else "plain"

    def flask_config(self) -> dict[str, Any]:
        """The Flask (and extension) configuration these settings amount to."""
        return {
            "DEBUG": self.debug,
            "TESTING": self.app_env == "test",
            "SECRET_KEY": self.secret_key.get_secret_value() if self.secret_key else None,
            # Unhandled errors become a bare 500 problem even in debug and tests, never a
            # traceback page; the traceback goes to the log.
            "PROPAGATE_EXCEPTIONS": False,
            # OPTIONS is answered only for CORS preflights; elsewhere it is a 405 like any
            # other method a path does not allow.
            "PROVIDE_AUTOMATIC_OPTIONS": bool(self.cors_origins),
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": self.engine_options(),
        }

    def engine_options(self) -> dict[str, Any]:
        """What the SQLAlchemy engine is made with (Flask-SQLAlchemy hands them on)."""
        # Connections are checked before use, so the app recovers when the database returns.
        options: dict[str, Any] = {"pool_pre_ping": True}
        if make_url(self.database_url).get_backend_name() == "postgresql":
            # No overflow: DB_POOL_SIZE is a bound the operator sizes max_connections by
            # (README, "Workers and connections"), not a suggestion a busy worker may exceed.
            options.update(pool_size=self.db_pool_size, max_overflow=0)
        return options


@lru_cache
def get_settings() -> Settings:
    """One validated Settings per process; tests pass their own to create_app instead.

    The app, its `flask` commands (migrations too) and gunicorn all start here: settings they
    cannot start with stop the process with what to fix, one line each, rather than a traceback
    of validation internals.
    """
    try:
        return Settings()
    except ValidationError as exc:
        raise SystemExit(settings_error_message(exc)) from None


def settings_error_message(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "missing":
            lines.append(MISSING_SETTINGS.get(name, f"{name.upper()} is not set"))
        elif name:
            lines.append(f"{name.upper()}: {message}")
        else:  # a rule across settings, whose message names them
            lines.append(message)
    return "\n".join(lines)


def current_settings() -> Settings:
    """The settings the current app was built with."""
    settings: Settings = current_app.extensions["settings"]
    return settings
