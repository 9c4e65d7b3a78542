"""One log format for the app, uvicorn and gunicorn, every line tagged with its request id."""

import logging.config
from typing import Literal

from app.core.log_format import JsonFormatter, PlainFormatter, RequestIdFilter, request_id_var

__all__ = ["configure_logging", "request_id_var"]

# Server loggers are routed to the root handler so their lines carry the request id too.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "gunicorn.error")
{%- if cookiecutter.auth == "jwt" %}
# Loggers whose DEBUG lines show each query's parameters (password and token hashes among
# them): they log from INFO up, whatever LOG_LEVEL says.
QUIET_LOGGERS = ("aiosqlite",)
{%- endif %}


def configure_logging(level: str, fmt: Literal["json", "plain"]) -> None:
    """Replace any earlier configuration, so calling it again (tests, reload) is harmless."""
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"request_id": {"()": RequestIdFilter}},
            "formatters": {"default": {"()": JsonFormatter if fmt == "json" else PlainFormatter}},
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
{%- if cookiecutter.auth == "jwt" %}
                **{
                    name: {"handlers": [], "propagate": True, "level": level}
                    for name in SERVER_LOGGERS
                },
                **{name: {"level": "INFO"} for name in QUIET_LOGGERS},
{%- else %}
                name: {"handlers": [], "propagate": True, "level": level} for name in SERVER_LOGGERS
{%- endif %}
            },
        }
    )
