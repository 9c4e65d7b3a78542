"""One log format for the app, Django and gunicorn, every line tagged with its request id."""

import logging
import logging.config
import sys
from typing import Any

from app.core.log_format import JsonFormatter, PlainFormatter, RequestIdFilter, request_id_var

__all__ = [
    "LOG_FORMATS",
    "LOG_LEVELS",
    "StdoutHandler",
    "configure_logging",
    "logging_config",
    "request_id_var",
]

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("json", "plain")
# Django's and gunicorn's loggers are routed to the root handler so their lines carry the
# request id too; `django.server` is runserver's request log.
SERVER_LOGGERS = ("django", "django.server", "gunicorn.error", "gunicorn.access")


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
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": {"()": JsonFormatter if fmt == "json" else PlainFormatter}},
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
