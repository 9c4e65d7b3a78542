"""The environment: where every setting comes from, read and checked in one place.

Entry points (manage.py, wsgi.py, asgi.py, gunicorn.conf.py) call `use_environment()`: it reads
the optional `.env` file (variables already set win), picks the settings module APP_ENV names
and loads it, so that a setting missing or wrong stops the process at once, in one line. The
test suite does none of this: pytest-django loads `config.settings.test` directly.
"""

import importlib
import os
import sys
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "BASE_DIR",
    "check_choice",
    "check_range",
    "check_secret",
    "database",
    "database_url",
    "env",
    "settings_module",
    "use_environment",
]

BASE_DIR = Path(__file__).resolve().parents[1]
SETTINGS_MODULES = {
    "development": "config.settings.development",
    "test": "config.settings.test",
    "production": "config.settings.production",
}
MIN_SECRET_LENGTH = 32
# Values people paste from examples; accepting them in production would be a silent breach.
PLACEHOLDER_SECRETS = frozenset({"change-me", "changeme", "secret", "dev", "development"})
MISSING_KEY_MESSAGE = (
    "SECRET_KEY must be set to a random value of at least 32 characters in production; "
    "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
)
{%- if cookiecutter.database == "postgres" %}
MISSING_DATABASE_MESSAGE = (
    "DATABASE_URL is not set: copy .env.example to .env and set it to your PostgreSQL URL"
)
{%- endif %}


class _SetVariables(Mapping[str, str]):
    """`os.environ` without its empty variables: `PORT=` in `.env` means "the default"."""

    def __getitem__(self, name: str) -> str:
        value = os.environ[name]
        if not value:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name, value in os.environ.items() if value)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Env(environ.Env):
    """django-environ's reader (`env.int`, `env.bool`, `env.db_url_config`...), blind to empty
    variables, as pydantic-settings is in the FastAPI skeleton."""

    # django-environ reads variables from ENVIRON by name only, as its own FileAwareEnv's
    # mapping is read: its annotation (os.environ's type) is narrower than what it needs.
    ENVIRON = _SetVariables()  # type: ignore[assignment]

    def comma_list(self, name: str, default: list[str]) -> list[str]:
        """`a.example, b.example`: comma-separated values, spaces around them ignored."""
        return [item.strip() for item in self.list(name, default=default) if item.strip()]

    def optional_int(self, name: str) -> int | None:
        """An integer, or None when the variable is not set."""
        return self.int(name) if name in self.ENVIRON else None


env = Env()


def use_environment(dotenv: Path = BASE_DIR / ".env") -> None:
    """Read `.env` if there is one, follow APP_ENV unless DJANGO_SETTINGS_MODULE is set, and load
    the settings. What they refuse ends the process with the reason, one line saying what to
    fix, rather than with a traceback from deep inside Django, gunicorn or a command."""
    if dotenv.is_file():
        environ.Env.read_env(dotenv)
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
        # What Django would do on the first setting read, here, where the error can be caught.
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as exc:
        sys.exit(str(exc))


def settings_module() -> str:
    """The settings module for APP_ENV (default `development`)."""
    app_env = env.str("APP_ENV", default="development")
    return SETTINGS_MODULES[check_choice("APP_ENV", app_env, SETTINGS_MODULES)]


def check_choice(name: str, value: str, choices: Collection[str]) -> str:
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def check_range(name: str, value: int, low: int, high: int | None = None) -> int:
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ImproperlyConfigured(f"{name} must be {bounds}, not {value}")
    return value


def check_secret(secret: str) -> str:
    """Production's rule, the same in every forge skeleton: long, and not a known placeholder."""
    if len(secret) < MIN_SECRET_LENGTH or secret.lower() in PLACEHOLDER_SECRETS:
        raise ImproperlyConfigured(MISSING_KEY_MESSAGE)
    return secret


def database_url() -> str:
{%- if cookiecutter.database == "postgres" %}
    """DATABASE_URL, which a PostgreSQL project cannot start without: no fallback on a database
    nobody meant to use."""
    url: str = env.str("DATABASE_URL", default="")
    if not url:
        raise ImproperlyConfigured(MISSING_DATABASE_MESSAGE)
{%- else %}
    """DATABASE_URL; by default a SQLite file, app.db, in the project."""
    url: str = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'app.db'}")
{%- endif %}
    return url


def database(url: str, pool_size: int) -> dict[str, Any]:
    """A DATABASES entry for `url`: `sqlite:///path`, or `postgres://` / `postgresql://`. On
    PostgreSQL a worker process holds at most `pool_size` connections."""
    config: dict[str, Any] = env.db_url_config(url)
    # Connections are checked before reuse, so the app recovers when the database comes back.
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.postgresql":
        # One pool per worker process, shared by its threads: however many threads there are,
        # the worker never holds more than `pool_size` connections (what sizing the server's
        # max_connections relies on), and a request waits up to `timeout` seconds for a free
        # one. The pool keeps the connections, so Django must not (CONN_MAX_AGE 0). libpq
        # waits for an unreachable server forever by default: connect_timeout.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "connect_timeout": 10,
            "pool": {"min_size": 1, "max_size": pool_size, "timeout": 10},
            **config.get("OPTIONS", {}),
        }
    else:
        # One connection kept per worker thread.
        config["CONN_MAX_AGE"] = 60
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several gunicorn workers share one file: WAL lets readers run beside a writer, the
        # busy timeout makes a writer wait for the lock instead of failing at once, and
        # IMMEDIATE transactions take the write lock up front instead of failing mid-way.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL",
            "timeout": 5,
            "transaction_mode": "IMMEDIATE",
            **config.get("OPTIONS", {}),
        }
    return config
