"""The user `forge compare` loads a skeleton as: registered and logged in over HTTP, as a client.

With `--auth jwt` (the default skeleton), every `/api` operation but registration and the token
endpoints needs `Authorization: Bearer <access token>`, and checking it (decoding and verifying
the JWT, loading its user) is part of what each framework pays per request: the load carries it.
`/health` stays anonymous, as in production. The account is random and thrown away with the
scratch project; its email, password and tokens are never printed nor written to the report.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.compare.serving import Served
from generator.errors import LoginFailedError

__all__ = ["ANONYMOUS", "Identity", "sign_in"]

# One login serves the whole run: the served skeleton's tokens outlast it (ACCESS_TOKEN_MINUTES
# in generator.compare.skeleton), so the load never needs a refresh.
REGISTER = "/api/auth/register"
TOKEN = "/api/auth/token"


@dataclass(frozen=True)
class Identity:
    """Who the load's requests come from: a bearer token, or nobody in a project without users."""

    token: str | None = field(default=None, repr=False)

    @property
    def authenticated(self) -> bool:
        return self.token is not None

    def headers_for(self, path: str) -> dict[str, str]:
        """The headers a request to `path` carries: the token on `/api`, nothing elsewhere."""
        if self.token is None or not path.startswith("/api/"):
            return {}
        return {"Authorization": f"Bearer {self.token}"}

    def secret_values(self) -> tuple[str, ...]:
        """What must never appear in an error, a log line or the report."""
        return () if self.token is None else (self.token,)


ANONYMOUS = Identity()


def sign_in(served: Served) -> Identity:
    """Register a random user on example.com and log in: the access token of its answer."""
    framework = served.skeleton.framework
    account = {
        "email": f"compare-{secrets.token_hex(8)}@example.com",
        "password": secrets.token_urlsafe(24),
    }
    status, answer = served.request_json("POST", REGISTER, account)
    if status != 201:
        raise LoginFailedError(framework, f"POST {REGISTER}", status, _title(answer))
    status, answer = served.request_json("POST", TOKEN, account)
    token = answer.get("access_token") if isinstance(answer, Mapping) else None
    if status != 200 or not isinstance(token, str) or not token:
        title = _title(answer) if status != 200 else "no access_token in the answer"
        raise LoginFailedError(framework, f"POST {TOKEN}", status, title)
    return Identity(token)


def _title(answer: Any) -> str:
    """The problem's title (RFC 9457), which names what went wrong without echoing the input."""
    if isinstance(answer, Mapping):
        return str(answer.get("title") or "")
    return ""
