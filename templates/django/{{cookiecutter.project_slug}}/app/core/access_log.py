"""gunicorn's access line, the same bytes for less work (gunicorn.conf.py's `logger_class`).

For every line gunicorn's `Logger.access` builds every atom it knows (one per request header,
response header and environ variable among them), copies each into a `SafeAtoms` dict that
escapes quotes and answers `-` for a missing one, and logs the format with that dict through
`Logger.info`, which looks up its caller's frame. This logger reads its `access_log_format`
once, when gunicorn sets it up, builds only the atoms the format names, the same values the same
way, formats the line itself and hands the record straight to the access logger's handlers:
the same line through the same handlers, at a fraction of the cost.
"""

import logging
import os
import re
import traceback
from collections.abc import Callable, Mapping, MutableMapping, Reversible
from datetime import timedelta
from typing import Any

from gunicorn.config import Config
from gunicorn.glogging import Logger
from gunicorn.http.message import Request
from gunicorn.http.wsgi import Response

from app.core.log_format import request_id_var

__all__ = ["AccessLogger"]

# An atom's value, from what gunicorn passes to `access` (gunicorn's `Logger.atoms`).
Atom = Callable[[Logger, Response, Request, Mapping[str, Any], timedelta], object]
ATOMS: dict[str, Atom] = {
    "h": lambda log, resp, req, env, took: env.get("REMOTE_ADDR", "-"),
    "l": lambda log, resp, req, env, took: "-",
    "u": lambda log, resp, req, env, took: log._get_user(env) or "-",  # type: ignore[attr-defined]
    "t": lambda log, resp, req, env, took: log.now(),
    "r": lambda log, resp, req, env, took: (
        f"{env['REQUEST_METHOD']} {env['RAW_URI']} {env['SERVER_PROTOCOL']}"
    ),
    "s": lambda log, resp, req, env, took: (
        resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
    ),
    "m": lambda log, resp, req, env, took: env.get("REQUEST_METHOD"),
    "U": lambda log, resp, req, env, took: env.get("PATH_INFO"),
    "q": lambda log, resp, req, env, took: env.get("QUERY_STRING"),
    "H": lambda log, resp, req, env, took: env.get("SERVER_PROTOCOL"),
    "b": lambda log, resp, req, env, took: (
        str(resp.sent) if getattr(resp, "sent", None) is not None else "-"
    ),
    "B": lambda log, resp, req, env, took: getattr(resp, "sent", None),
    "f": lambda log, resp, req, env, took: env.get("HTTP_REFERER", "-"),
    "a": lambda log, resp, req, env, took: env.get("HTTP_USER_AGENT", "-"),
    "T": lambda log, resp, req, env, took: took.seconds,
    "D": lambda log, resp, req, env, took: took.seconds * 1000000 + took.microseconds,
    "M": lambda log, resp, req, env, took: took.seconds * 1000 + int(took.microseconds / 1000),
    "L": lambda log, resp, req, env, took: f"{took.seconds}.{took.microseconds:06d}",
    "p": lambda log, resp, req, env, took: f"<{os.getpid()}>",
}
# The `%(name)...` keys of a format, and `%%` (a literal per cent sign, which names nothing).
FORMAT_KEY = re.compile(r"%(?:%|\(([^()]*)\))")
# `{name}i`, `{name}o`, `{name}e`: a request header, a response header, an environ variable.
NAMED_ATOM = re.compile(r"\{(.+)\}([ioe])")
MISSING = "-"  # what gunicorn's SafeAtoms answers for an atom it has not built


def _pairs(headers: Any) -> Reversible[tuple[str, Any]]:
    # gunicorn's headers are lists of pairs, its environ a dict, whose items are reversible too
    # (another mapping's may not be: an atom read from one then raises, and `access` falls back
    # on gunicorn's own path).
    return headers.items() if hasattr(headers, "items") else headers  # type: ignore[no-any-return]


def _last(pairs: Reversible[tuple[str, Any]], name: str, missing: Any = MISSING) -> Any:
    """The value of the last pair named `name` but for case, the one gunicorn keeps (its atoms
    are dicts built in order from these pairs), or `missing` when there is none: looked for
    from the end, the search stops at the first found (the id header is the last one)."""
    for key, value in reversed(pairs):
        if key.lower() == name:
            return value
    return missing


def _named(name: str, kind: str) -> Atom:
    if kind == "i":
        return lambda log, resp, req, env, took: _last(
            _pairs(req.headers if hasattr(req, "headers") else req), name
        )
    if kind == "o":
        return lambda log, resp, req, env, took: _last(_pairs(resp.headers), name)
    return lambda log, resp, req, env, took: _last(_pairs(env), name)


def _missing(
    log: Logger, resp: Response, req: Request, env: Mapping[str, Any], took: timedelta
) -> str:
    return MISSING


def compile_atoms(access_log_format: str) -> tuple[tuple[str, Atom], ...] | None:
    """Each key of `access_log_format` with how to build its atom, or None for a format that
    does not name every value it prints (a positional `%s`, a key with parentheses): it gets
    gunicorn's own `access`, whatever that makes of it."""
    if "%" in FORMAT_KEY.sub("", access_log_format):
        return None
    atoms: dict[str, Atom] = {}
    for match in FORMAT_KEY.finditer(access_log_format):
        key = match.group(1)
        if key is None or key in atoms:
            continue
        # SafeAtoms finds `{...}` atoms whatever their case, others only by their exact name.
        named = NAMED_ATOM.fullmatch(key.lower()) if key.startswith("{") else None
        if named is not None:
            atoms[key] = _named(named.group(1), named.group(2))
        else:
            atoms[key] = ATOMS.get(key, _missing)
    return tuple(atoms.items())


class AccessLogger(Logger):
    """gunicorn's Logger, whose access line costs what it prints.

    gunicorn writes the line once the app has returned: it is tagged with the id the response
    carries (the app's request id middleware puts it on every answer the app makes)."""

    def setup(self, cfg: Config) -> None:
        super().setup(cfg)
        # Run again whenever gunicorn reloads its configuration (SIGHUP).
        self.access_format: str = cfg.access_log_format
        self.atoms_to_build = compile_atoms(self.access_format)

    def access(
        self,
        resp: Response,
        req: Request,
        environ: MutableMapping[str, Any],
        request_time: timedelta,
    ) -> None:
        if not self.access_log_enabled or not self.access_log.isEnabledFor(logging.INFO):
            return
        request_id = _last(_pairs(resp.headers), "x-request-id", None)
        if request_id is None:  # an answer the app did not make: whatever id is set, if any
            self.write_access_line(resp, req, environ, request_time)
            return
        token = request_id_var.set(request_id)
        try:
            self.write_access_line(resp, req, environ, request_time)
        finally:
            request_id_var.reset(token)

    def write_access_line(
        self,
        resp: Response,
        req: Request,
        environ: MutableMapping[str, Any],
        request_time: timedelta,
    ) -> None:
        log = self.access_log
        try:
            line = self.access_line(resp, req, environ, request_time)
        except Exception:
            # A format this logger does not read, or one that fails (`%(s)d`, say): gunicorn's
            # own path, which logs the line or the failure its way.
            super().access(resp, req, environ, request_time)
            return
        # What `Logger.info` does, less finding its caller's frame, which no line here prints.
        record = log.makeRecord(log.name, logging.INFO, __file__, 0, line, (), None, "access")
        try:
            log.handle(record)
        except Exception:  # a failing filter, say: reported as gunicorn's `access` reports it
            self.error(traceback.format_exc())

    def access_line(
        self,
        resp: Response,
        req: Request,
        environ: MutableMapping[str, Any],
        request_time: timedelta,
    ) -> str:
        """The message of the access line: the format filled with the atoms it names, strings
        quote-escaped as gunicorn's SafeAtoms does."""
        if self.atoms_to_build is None:
            raise ValueError(f"unread access_log_format: {self.access_format}")
        atoms: dict[str, object] = {}
        for key, atom in self.atoms_to_build:
            value = atom(self, resp, req, environ, request_time)
            atoms[key] = value.replace('"', '\\"') if isinstance(value, str) else value
        return self.access_format % atoms
