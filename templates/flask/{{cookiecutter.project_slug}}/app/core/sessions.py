"""No cookie sessions: the API authenticates every request by what it carries, never by a cookie.

Flask opens a signed-cookie session on every request (it builds an itsdangerous serializer and
reads the cookie header) and, after the response, decides whether to write one back: work for
nothing here, about a tenth of a /health request. `NoSessions` opens none, so Flask hands every
request its null session (which refuses to store anything, loudly) and saves nothing.
"""

from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin

__all__ = ["NoSessions"]


class NoSessions(SessionInterface):
    """A session interface that opens no session and saves none."""

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        # None makes Flask use `make_null_session`, whose NullSession raises on any write.
        return None

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> Any:
        # Flask skips saving a null session; there is never another one to save.
        return None
