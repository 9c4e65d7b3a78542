"""How a log line reads, JSON or plain, tagged with the id of the request it was written for.

Every line of the app, its framework and its server goes through these, the server's access
line once per request among them: each formatter works out the time of the second it stamps
once, not once per line, and the JSON one writes its few string fields directly; the lines
are the ones `json.dumps` and `logging.Formatter` would write.
"""

import json
import logging
import math
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

__all__ = ["PLAIN_FORMAT", "JsonFormatter", "PlainFormatter", "RequestIdFilter", "request_id_var"]

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

PLAIN_FORMAT = "%(asctime)s %(levelname)s [%(name)s] [%(request_id)s] %(message)s"
# One encoder for the lines that are not only strings: `json.dumps` with an option makes one
# per call.
_encode_json = json.JSONEncoder(ensure_ascii=False).encode
_UTC_OFFSET = "+00:00"  # how `datetime.isoformat` ends a UTC time
# A line as `json.dumps` writes it, the closing brace left for an `exc_info`; the time needs no
# escaping, the other fields are encoded (quoted, escaped) as it encodes strings.
JSON_LINE = '{"time": "%s", "level": %s, "logger": %s, "message": %s, "request_id": %s'


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being served, or `-` outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, the shape log collectors index without parsing rules:

        {"time": "<ISO 8601, UTC>", "level": ..., "logger": ..., "message": ...,
         "request_id": ..., "exc_info": <the traceback, when there is one>}

    as `json.dumps(entry, ensure_ascii=False)` writes it."""

    def __init__(self) -> None:
        super().__init__()
        # The second last stamped and its ISO text up to the seconds: one tuple, so that
        # threads logging at once read a matching pair.
        self.last_second: tuple[float | None, str] = (None, "")

    def format(self, record: logging.LogRecord) -> str:
        request_id: Any = getattr(record, "request_id", "-")  # a string, unless set otherwise
        try:
            line = JSON_LINE % (
                self.utc_time(record.created),
                encode_basestring(record.levelname),
                encode_basestring(record.name),
                encode_basestring(record.getMessage()),
                encode_basestring(request_id),
            )
        except TypeError:  # a field that is not a string (an `extra` request_id, say)
            return self.encode_entry(record, request_id)
        if record.exc_info:
            line += ', "exc_info": ' + encode_basestring(self.formatException(record.exc_info))
        return line + "}"

    def encode_entry(self, record: logging.LogRecord, request_id: object) -> str:
        """The line through the JSON encoder, for fields of any type."""
        entry = {
            "time": self.utc_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id,
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return _encode_json(entry)

    def utc_time(self, created: float) -> str:
        """`datetime.fromtimestamp(created, UTC).isoformat()`, the date and time of day made
        once per second: the microseconds rounded as datetime rounds them (half to even)."""
        fraction, second = math.modf(created)
        microseconds = round(fraction * 1e6)
        if microseconds >= 1_000_000:
            second, microseconds = second + 1, microseconds - 1_000_000
        elif microseconds < 0:  # before 1970: the fraction is negative
            second, microseconds = second - 1, microseconds + 1_000_000
        last_second, stamp = self.last_second
        if second != last_second:
            stamp = datetime.fromtimestamp(second, UTC).isoformat().removesuffix(_UTC_OFFSET)
            self.last_second = (second, stamp)
        if microseconds:  # isoformat leaves out a zero fraction
            return f"{stamp}.{microseconds:06d}{_UTC_OFFSET}"
        return stamp + _UTC_OFFSET


class PlainFormatter(logging.Formatter):
    """PLAIN_FORMAT, as `logging.Formatter(PLAIN_FORMAT)` writes it, the local time of day
    made once per second."""

    def __init__(self) -> None:
        super().__init__(PLAIN_FORMAT)
        self.last_second: tuple[int | None, str] = (None, "")  # as in JsonFormatter

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt or not self.default_msec_format:
            return super().formatTime(record, datefmt)
        second = math.floor(record.created)  # the second `time.localtime` reads of it
        last_second, stamp = self.last_second
        if second != last_second:
            stamp = time.strftime(self.default_time_format, self.converter(second))
            self.last_second = (second, stamp)
        return self.default_msec_format % (stamp, record.msecs)
