"""Settings come only from the environment (and an optional `.env`), validated once at start-up."""
{% if cookiecutter.auth == "jwt" %}
import secrets
{%- endif %}
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app import __version__

__all__ = ["Settings", "async_driver_url", "get_settings", "settings_error_message"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIN_SECRET_LENGTH = 32
# Values people paste from examples; accepting them in production would be a silent breach.
PLACEHOLDER_SECRETS = frozenset({"change-me", "changeme", "secret", "dev", "development"})
MISSING_KEY_MESSAGE = (
    "SECRET_KEY must be set to a random value of at least 32 characters in production; "
    "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
)
{%- if cookiecutter.auth == "jwt" %}
# Signs access tokens when SECRET_KEY is unset outside production: they last until a restart.
PROCESS_SECRET = secrets.token_urlsafe(48)
{%- endif %}
ASYNC_DRIVERS = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}
# What to do about a required setting that is missing, said in one line at start-up.
MISSING_SETTINGS = {
    "database_url": (
        "DATABASE_URL is not set: copy .env.example to .env and set it to your PostgreSQL URL"
        " (or set it in the environment)"
    ),
}


def async_driver_url(url: str) -> str:
    """The URL with the async driver the app talks through: hosting platforms hand out
    `postgres://` URLs, people write `sqlite:///`."""
    scheme, sep, rest = url.partition("://")
    return f"{ASYNC_DRIVERS.get(scheme, scheme)}{sep}{rest}"


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
    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'app.db'}"
{%- endif %}
    secret_key: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["json", "plain"] | None = None
    cors_origins: Annotated[list[str], NoDecode] = []
    max_body_size: int = Field(default=1_048_576, ge=1)
    port: int = Field(default=8000, ge=1, le=65535)
    web_concurrency: int | None = Field(default=None, ge=1)
    # The most PostgreSQL connections one worker holds: instances x workers x this must stay
    # under the server's max_connections.
    db_pool_size: int = Field(default=5, ge=1)
    # Strict-Transport-Security's max-age; 0 sends no HSTS. Only once HTTPS works everywhere.
    hsts_seconds: int = Field(default=0, ge=0)
{%- if cookiecutter.auth == "jwt" %}
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
    def _use_async_driver(cls, value: str) -> str:
        return async_driver_url(value)

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> "Settings":
        if self.app_env != "production":
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
{%- if cookiecutter.auth == "jwt" %}

    @property
    def signing_key(self) -> str:
        """SECRET_KEY, which production requires; elsewhere a random key of this process's
        when it is unset."""
        return self.secret_key.get_secret_value() if self.secret_key else PROCESS_SECRET
{%- endif %}


@lru_cache
def get_settings() -> Settings:
    """One validated Settings per process; tests override the dependency instead.

    The app, migrations and gunicorn all start here: settings they cannot start with stop the
    process with what to fix, one line each, rather than a traceback of validation internals.
    """
    try:
        return Settings()
    except ValidationError as exc:
        raise SystemExit(settings_error_message(exc)) from None


def settings_error_message(error: ValidationError) -> str:
    """One line per problem, naming the environment variable to fix."""
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
