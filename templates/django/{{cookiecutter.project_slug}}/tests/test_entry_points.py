"""What the servers and commands start from: the WSGI application (gunicorn, runserver), the
ASGI one, and `use_environment()`, which stops manage.py, gunicorn and the applications in
one line when a setting is missing or wrong."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
{%- if cookiecutter.database == "postgres" %}

from config.env import MISSING_DATABASE_MESSAGE, MISSING_KEY_MESSAGE, use_environment
{%- else %}

from config.env import MISSING_KEY_MESSAGE, use_environment
{%- endif %}
from tests.conftest import call_wsgi, entry_point
from tests.test_settings import PROJECT_ROOT, VARIABLES, reload_settings


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_wsgi_application_serves_the_app(method: str) -> None:
    application = entry_point("config.wsgi").application

    status, headers, body = call_wsgi(
        application, {"REQUEST_METHOD": method, "PATH_INFO": "/health"}
    )

    assert (status, headers["Content-Type"]) == ("200 OK", "application/json")
    assert headers["X-Request-ID"]
    assert (body == b"") is (method == "HEAD")


def test_the_asgi_application_serves_the_app() -> None:
    application = entry_point("config.asgi").application
    received = [{"type": "http.request", "body": b"", "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if received:
            return received.pop()
        # Then the client neither sends more nor leaves: Django stops listening once it answers.
        never: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        return await never

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/health",
        "query_string": b"",
        "headers": [(b"host", b"localhost")],
    }
    asyncio.run(application(scope, receive, send))

    assert sent[0]["status"] == 200
    assert b"x-request-id" in {name.lower() for name, _ in sent[0]["headers"]}


def test_a_refused_setting_ends_the_process_with_its_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in VARIABLES:
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.production")
    reload_settings(monkeypatch)

    with pytest.raises(SystemExit) as stopped:
        use_environment(tmp_path / ".env")

    assert stopped.value.code == MISSING_KEY_MESSAGE


# The settings these tests refuse: set empty (which stands for unset) unless a test sets them,
# so that the project's `.env`, which fills in only variables not set, cannot supply them.
SHIELDED = ("APP_ENV", "DATABASE_URL", "SECRET_KEY", "LOG_LEVEL")


def start(argv: list[str], **variables: str) -> subprocess.CompletedProcess[str]:
    """`argv` run in the project as its commands are, with `variables`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in VARIABLES and name != "DJANGO_SETTINGS_MODULE"
    }
    env.update(dict.fromkeys(SHIELDED, ""), **variables)
    return subprocess.run(  # noqa: S603 - a fixed command, run in a fresh process
        [sys.executable, *argv],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


REFUSALS = [
    pytest.param({"APP_ENV": "production"}, MISSING_KEY_MESSAGE, id="no-secret-key"),
    pytest.param(
        {"LOG_LEVEL": "LOUD"},
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'",
        id="bad-log-level",
    ),
{%- if cookiecutter.database == "postgres" %}
    # No DATABASE_URL (set empty in start()): a PostgreSQL project has no fallback.
    pytest.param({}, MISSING_DATABASE_MESSAGE, id="no-database-url"),
{%- endif %}
]


@pytest.mark.parametrize(
    "argv",
    [["manage.py", "migrate"], ["-m", "gunicorn", "-c", "gunicorn.conf.py"]],
    ids=["manage.py", "gunicorn"],
)
@pytest.mark.parametrize(("variables", "reason"), REFUSALS)
def test_start_up_stops_in_one_line_saying_what_to_fix(
    argv: list[str], variables: dict[str, str], reason: str
) -> None:
    started = start(argv, **variables)

    assert started.returncode == 1, started.stdout + started.stderr
    assert (started.stdout, started.stderr) == ("", reason + "\n")
