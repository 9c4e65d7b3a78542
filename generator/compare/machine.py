"""Where a comparison ran: figures from another machine, or a busier one, are not comparable."""

from __future__ import annotations

import os
import platform
from contextlib import suppress
from pathlib import Path
from typing import Any

__all__ = ["describe_machine", "load_average"]


def describe_machine() -> dict[str, Any]:
    cpus = os.cpu_count() or 1
    memory = _memory_bytes()
    facts: dict[str, Any] = {
        "cpu": _cpu_model(),
        "cpus": cpus,
        "memory_bytes": memory,
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "load_average_start": load_average(),
    }
    gib = f", {memory / 2**30:.0f} GiB RAM" if memory else ""
    facts["summary"] = (
        f"{facts['cpu']}, {cpus} CPUs{gib}, {facts['os']}, "
        f"load {facts['load_average_start'][0]:.2f} at start"
    )
    return facts


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def _cpu_model() -> str:
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or platform.machine()


def _memory_bytes() -> int:
    with suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    with suppress(ValueError, OSError, AttributeError):
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return 0
