"""Users and tokens on a served skeleton with `--auth jwt`, as a client gets them: over HTTP."""

import itertools
import os
import uuid

import httpx

from tests.support.project import BakedProject

__all__ = [
    "PASSWORD",
    "Account",
    "bearer",
    "create_superuser",
    "log_in",
    "new_account",
    "new_email",
    "sign_up",
]

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


class Account:
    """A registered user and the pair of tokens its last login gave."""

    def __init__(self, email: str, password: str, tokens: dict[str, object]) -> None:
        self.email = email
        self.password = password
        self.tokens = tokens

    @property
    def access_token(self) -> str:
        return str(self.tokens["access_token"])

    @property
    def refresh_token(self) -> str:
        return str(self.tokens["refresh_token"])

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.access_token)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def new_email(prefix: str = "user") -> str:
    """An address no other test uses, on a domain every skeleton's validator takes."""
    return f"{prefix}-{os.getpid()}-{next(_numbers)}-{uuid.uuid4().hex[:8]}@example.com"


def log_in(client: httpx.Client, email: str, password: str = PASSWORD) -> dict[str, object]:
    answer = client.post("/api/auth/token", json={"email": email, "password": password})
    assert answer.status_code == 200, answer.text
    tokens: dict[str, object] = answer.json()
    return tokens


def sign_up(client: httpx.Client, email: str, password: str = PASSWORD) -> dict[str, object]:
    answer = client.post("/api/auth/register", json={"email": email, "password": password})
    assert answer.status_code == 201, answer.text
    user: dict[str, object] = answer.json()
    return user


def new_account(client: httpx.Client, prefix: str = "user") -> Account:
    """Register a fresh user and log in."""
    email = new_email(prefix)
    sign_up(client, email)
    return Account(email, PASSWORD, log_in(client, email))


def create_superuser(project: BakedProject, env: dict[str, str], client: httpx.Client) -> Account:
    """A superuser made the documented way, by the skeleton's own command, then logged in."""
    email = new_email("admin")
    result = project.run(
        "createsuperuser",
        "--email",
        email,
        "--noinput",
        env={**env, "SUPERUSER_PASSWORD": PASSWORD, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    return Account(email, PASSWORD, log_in(client, email))
