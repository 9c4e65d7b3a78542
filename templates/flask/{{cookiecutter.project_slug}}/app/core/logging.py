"""One log format for the app and gunicorn, every line tagged with its request id."""

import json
import logging
import logging.config
import os
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, cast

from gunicorn import glogging
from gunicorn.http.message import Request
from gunicorn.http.wsgi import Response

if TYPE_CHECKING:
    from gunicorn.glogging import _AtomsDict

__all__ = [
    "GunicornLogger",
    "JsonFormatter",
    "RequestIdFilter",
    "configure_logging",
    "request_id_var",
]

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

PLAIN_FORMAT = "%(asctime)s %(levelname)s [%(name)s] [%(request_id)s] %(message)s"
# Server loggers are routed to the root handler so their lines carry the request id too.
SERVER_LOGGERS = ("gunicorn.error", "gunicorn.access")


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being served, or `-` outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, the shape log collectors index without parsing rules."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# The atoms of an access line (gunicorn's `Logger.atoms`), each from what gunicorn passes.
Atom = Callable[["GunicornLogger", Response, Request, Mapping[str, Any], timedelta], object]
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
# `%(name)s` keys of a format (and `%%`, a literal per cent sign, which names nothing).
FORMAT_KEY = re.compile(r"%(?:%|\(([^()]*)\))")
# `{name}i`, `{name}o`, `{name}e`: a request header, a response header, an environ variable.
NAMED_ATOM = re.compile(r"\{(.+)\}([ioe])")


@cache  # one entry per access_log_format: one, unless a reload changes it
def _atoms_named(access_log_format: str) -> tuple[str, ...] | None:
    """The atoms `access_log_format` names, or None when it names one this module does not
    build (or names it in a way it does not parse): gunicorn's full set is built then."""
    keys = [m.group(1) for m in FORMAT_KEY.finditer(access_log_format) if m.group(1) is not None]
    if "%(" in FORMAT_KEY.sub("", access_log_format):
        return None  # a key with parentheses in it: Python reads it, this regex does not
    if not all(key in ATOMS or NAMED_ATOM.fullmatch(key) for key in keys):
        return None
    # gunicorn reads `{...}` atoms whatever their case (glogging.SafeAtoms).
    return tuple(dict.fromkeys(key.lower() if key.startswith("{") else key for key in keys))


def _last(pairs: Iterable[tuple[str, Any]], name: str) -> Any:
    """The value of the last pair whose name is `name` but for case, as gunicorn keeps it (its
    atoms are dicts built in order from these pairs); None (`-` in the line) when none is."""
    found = None
    for key, value in pairs:
        if key.lower() == name:
            found = value
    return found


class GunicornLogger(glogging.Logger):
    """gunicorn writes the access line after the app has returned, outside the request's context:
    tag it with the id the response carried.

    gunicorn builds every atom it knows for every line (every request and response header and
    environ variable among them) whatever the format uses: the largest part of an access line's
    cost. This logger builds only the atoms its `access_log_format` names, the same values the
    same way, and falls back to gunicorn's full set for a format it does not read."""

    def access(
        self,
        resp: Response,
        req: Request,
        environ: MutableMapping[str, Any],
        request_time: timedelta,
    ) -> None:
        token = request_id_var.set(_last(resp.headers, "x-request-id"))
        try:
            super().access(resp, req, environ, request_time)
        finally:
            request_id_var.reset(token)

    def atoms(
        self,
        resp: Response,
        req: Request,
        environ: MutableMapping[str, Any],
        request_time: timedelta,
    ) -> "_AtomsDict":
        named = _atoms_named(self.cfg.access_log_format)
        if named is None:
            return super().atoms(resp, req, environ, request_time)
        atoms: dict[str, Any] = {}
        for key in named:
            if key[0] != "{":
                atoms[key] = ATOMS[key](self, resp, req, environ, request_time)
                continue
            name, kind = key[1:-2], key[-1]
            pairs = req.headers if kind == "i" else resp.headers if kind == "o" else environ.items()
            value = _last(pairs, name)
            if value is not None:  # missing: `-`, as gunicorn's SafeAtoms writes it
                atoms[key] = value
        # The stubs type gunicorn's full set; these are the keys the format names.
        return cast("_AtomsDict", atoms)


def configure_logging(level: str, fmt: Literal["json", "plain"]) -> None:
    """Replace any earlier configuration, so calling it again (tests, reload) is harmless."""
    formatter: dict[str, object] = (
        {"()": JsonFormatter} if fmt == "json" else {"format": PLAIN_FORMAT}
    )
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"request_id": {"()": RequestIdFilter}},
            "formatters": {"default": formatter},
            "handlers": {
                "stdout": {
                    "class": "logging.StreamHandler",
                    "stream": "ext://sys.stdout",
                    "formatter": "default",
                    "filters": ["request_id"],
                }
            },
            "root": {"level": level, "handlers": ["stdout"]},
            "loggers": {
                name: {"handlers": [], "propagate": True, "level": level} for name in SERVER_LOGGERS
            },
        }
    )
