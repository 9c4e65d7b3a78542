"""The CPU time a server spends per request: a figure without the time spent waiting for a core.

Requests/s on a shared 2-core machine swing by a third from one minute to the next, as other
tenants come and go. The CPU time a server's processes use for the requests they answer leaves
out the time they spent waiting for a core, so the load benchmarks print it beside requests/s,
and the ratio of CPU per request (minimal / skeleton) is the share of the minimal app's capacity
a CPU-bound skeleton keeps. The load tool's CPU and a database server's (PostgreSQL) are not in it.

Read from /proc (Linux): the user and system time of the process a benchmark started and every
live process under it (`uv run`, gunicorn's master, its workers), every thread included
(uvicorn's event loop, aiosqlite's threads, gthread's pool). The master and `uv` sleep through a
load: the workers' time is nearly all of it. A worker that exits during the load takes its time
with it, so the benchmarks serve without recycling.
"""

from __future__ import annotations

import os
from pathlib import Path

from _common import format_ratio, median

__all__ = ["ServerCpu", "cpu_cells"]

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def tree_cpu_seconds(root: int) -> float | None:
    """User plus system seconds used so far by `root` and the live processes under it; None
    without /proc, where the benchmarks then print no CPU figures."""
    if not PROC.is_dir():
        return None
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone since the listing
            continue
        # The command name, field 2, is in parentheses and may hold spaces: count from after it.
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry.name)
        parent[pid] = int(fields[1])  # ppid, field 4
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15
    tree, grown = {root}, True
    while grown:
        under = {pid for pid, ppid in parent.items() if ppid in tree} - tree
        tree |= under
        grown = bool(under)
    return sum(ticks.get(pid, 0) for pid in tree) / TICKS_PER_SECOND


class ServerCpu:
    """Started just before a load, read just after it: the server's CPU per request answered."""

    def __init__(self, server: int) -> None:
        self.server = server
        self.started = tree_cpu_seconds(server)

    def per_request(self, requests: int) -> float | None:
        """Seconds of the server's CPU per request since this meter started; None if unknown."""
        ended = tree_cpu_seconds(self.server)
        if self.started is None or ended is None or not requests:
            return None
        return (ended - self.started) / requests


def cpu_cells(skeleton: list[float], minimal: list[float]) -> list[str]:
    """The two servers' median CPU per request, and minimal / skeleton of them."""
    if not skeleton or not minimal:
        return ["n/a", "n/a"]
    s_cpu, m_cpu = median(skeleton), median(minimal)
    return [f"{s_cpu * 1e6:.0f} / {m_cpu * 1e6:.0f}", format_ratio(m_cpu / s_cpu)]
