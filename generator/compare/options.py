"""What a comparison is asked to do, checked before anything is generated or installed."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InvalidDurationError, OptionTooSmallError, UnknownFrameworkError
from generator.registry import discover, get_template

__all__ = ["CompareOptions", "parse_duration", "parse_frameworks"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}


def parse_duration(option: str, value: str, *, minimum: float = 0.0) -> float:
    """Seconds from "10s", "1.5s", "500ms", "2m" or a bare number of seconds."""
    found = _DURATION.match(value)
    if not found:
        raise InvalidDurationError(option, value, "not a duration")
    seconds = float(found[1]) * _UNITS[found[2]]
    if seconds < minimum:
        raise InvalidDurationError(option, value, f"must be at least {minimum:g}s")
    return seconds


def parse_frameworks(value: str) -> tuple[str, ...]:
    """`fastapi,flask` (commas or spaces), each a template forge has, each once, in order."""
    known = discover()
    chosen = tuple(dict.fromkeys(name for name in re.split(r"[,\s]+", value) if name))
    if not chosen:
        raise UnknownFrameworkError("", known)
    for name in chosen:
        if name not in known:
            raise UnknownFrameworkError(name, known)
    return chosen


@dataclass(frozen=True)
class CompareOptions:
    """A comparison's settings; the JSON report repeats them.

    `db_latency` is the round-trip time added to every database exchange in the I/O-bound
    case; `seed` is how many tasks the listings page through.
    """

    frameworks: tuple[str, ...] = field(default_factory=lambda: tuple(discover()))
    database: str = "sqlite"
    duration: float = 10.0
    warmup: float = 2.0
    concurrency: int = 64
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    db_latency: float = 0.010
    seed: int = 1000
    cold_starts: int = 3
    postgres_url: str | None = None
    out: Path | None = None

    def __post_init__(self) -> None:
        for framework in self.frameworks:
            get_template(framework).choose("database", self.database)
        for name, minimum in (("concurrency", 1), ("workers", 1), ("cold_starts", 1)):
            if getattr(self, name) < minimum:
                flag = name.replace("_", "-")
                raise OptionTooSmallError(flag, getattr(self, name), minimum)
        if self.duration < 1:
            raise InvalidDurationError("--duration", f"{self.duration:g}s", "must be at least 1s")
        for flag, seconds in (("--duration", self.duration), ("--warmup", self.warmup)):
            if not float(seconds).is_integer():
                # wrk and oha load for whole seconds; a report must not claim 1.5 s run as 2.
                raise InvalidDurationError(flag, f"{seconds:g}s", "must be whole seconds")

    def as_json(self) -> dict[str, object]:
        return {
            "frameworks": list(self.frameworks),
            "database": self.database,
            "duration": self.duration,
            "warmup": self.warmup,
            "concurrency": self.concurrency,
            "workers": self.workers,
            "db_latency": self.db_latency,
            "seed": self.seed,
            "cold_starts": self.cold_starts,
        }
