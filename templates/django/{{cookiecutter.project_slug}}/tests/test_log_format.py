"""The lines app/core/log_format.py writes for less work, each JSON field written directly and
the time made once per second, are the ones `json.dumps` and `logging.Formatter` write."""

import json
import logging
import math
import sys
from datetime import UTC, datetime

import pytest

from app.core.log_format import PLAIN_FORMAT, JsonFormatter, PlainFormatter


def _record(message: str, request_id: object = "req-1", exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise RuntimeError('boom "é"')
        except RuntimeError:
            exc_info = sys.exc_info()
    record = logging.LogRecord("app.ünï", logging.WARNING, __file__, 1, message, (), exc_info)
    record.request_id = request_id
    return record


def _json_dumps_line(record: logging.LogRecord) -> str:
    """The line as JsonFormatter wrote it before it wrote the fields itself."""
    entry = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
        "request_id": getattr(record, "request_id", "-"),
    }
    if record.exc_info:
        entry["exc_info"] = logging.Formatter().formatException(record.exc_info)
    return json.dumps(entry, ensure_ascii=False)


@pytest.mark.parametrize(
    "record",
    [
        _record('"GET /health HTTP/1.1" 200'),
        _record('tab\t, newline\n, quote ", backslash \\, é, ✓, \x00 and \u2028'),
        _record("with a traceback", exc=True),
        _record("an id that is not a string", request_id=7),
    ],
    ids=["access", "escapes", "traceback", "non-string"],
)
def test_the_formatters_write_what_logging_and_json_write(record: logging.LogRecord) -> None:
    assert JsonFormatter().format(record) == _json_dumps_line(record)
    assert PlainFormatter().format(record) == logging.Formatter(PLAIN_FORMAT).format(record)


@pytest.mark.parametrize(
    "created",
    [
        1764979200.0,
        1764979200.0000004,
        1764979200.0000015,
        1764979200.9999994,
        1764979200.9999996,
        1.0000025,
        1000.0000005,
        1764979200.123456,
        1764979261.5,
        0.0,
        -1.25,
        -0.0000004,
        *(1764979200 + math.sqrt(n) for n in range(2, 200, 7)),
    ],
)
def test_the_time_of_a_line_is_the_one_datetime_writes(created: float) -> None:
    record = _record("timed")
    record.created, record.msecs = created, (created - int(created)) * 1000
    formatter, plain = JsonFormatter(), PlainFormatter()

    # Twice: the second made from the cached second.
    for _ in range(2):
        assert formatter.utc_time(created) == datetime.fromtimestamp(created, UTC).isoformat()
        assert plain.formatTime(record) == logging.Formatter().formatTime(record)
