"""One log format for the app, Django and gunicorn, every line tagged with its request id."""

import json
import logging
import logging.config
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "LOG_FORMATS",
    "LOG_LEVELS",
    "JsonFormatter",
    "RequestIdFilter",
    "StdoutHandler",
    "configure_logging",
    "logging_config",
    "request_id_var",
]

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("json", "plain")
PLAIN_FORMAT = "%(asctime)s %(levelname)s [%(name)s] [%(request_id)s] %(message)s"
# Django's and gunicorn's loggers are routed to the root handler so their lines carry the
# request id too; `django.server` is runserver's request log.
SERVER_LOGGERS = ("django", "django.server", "gunicorn.error", "gunicorn.access")
# One encoder for every line: `json.dumps` with an option makes a new one per call.
_encode_json = json.JSONEncoder(ensure_ascii=False).encode


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
        return _encode_json(entry)


class StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the `sys.stdout` of the moment a record is emitted, not of the moment logging
    was configured (a test capturing output swaps it, then closes its own)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property
    def stream(self):  # type: ignore[no-untyped-def]
        return sys.stdout

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def logging_config(level: str, fmt: str) -> dict[str, Any]:
    """The LOGGING setting: everything to stdout, in `fmt` (json or plain), from `level` up."""
    formatter: dict[str, Any] = {"()": JsonFormatter} if fmt == "json" else {"format": PLAIN_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "stdout": {
                "()": StdoutHandler,
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {
            name: {"handlers": [], "propagate": True, "level": level} for name in SERVER_LOGGERS
        },
    }


def configure_logging(level: str, fmt: str) -> None:
    """Replace any earlier configuration, so calling it again (tests) is harmless."""
    logging.config.dictConfig(logging_config(level, fmt))
