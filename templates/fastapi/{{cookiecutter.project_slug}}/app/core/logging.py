"""One log format for the app, uvicorn and gunicorn, every line tagged with its request id."""

import json
import logging
import logging.config
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Literal

__all__ = ["JsonFormatter", "RequestIdFilter", "configure_logging", "request_id_var"]

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

PLAIN_FORMAT = "%(asctime)s %(levelname)s [%(name)s] [%(request_id)s] %(message)s"
# Server loggers are routed to the root handler so their lines carry the request id too.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "gunicorn.error")
{%- if cookiecutter.auth == "jwt" %}
# Loggers whose DEBUG lines show each query's parameters (password and token hashes among
# them): they log from INFO up, whatever LOG_LEVEL says.
QUIET_LOGGERS = ("aiosqlite",)
{%- endif %}


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
