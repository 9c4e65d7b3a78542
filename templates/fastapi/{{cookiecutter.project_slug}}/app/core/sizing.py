"""How many gunicorn workers a machine or a container can keep busy.

`multiprocessing.cpu_count()` counts the host's CPUs. In a container limited to one CPU on a
64-CPU node that would start 129 workers, each with its own memory and database connections,
taking turns on one CPU. The limit a container runs under is its cgroup's CPU quota (cgroup v2
`cpu.max`: "quota period", or "max" for none); a process pinned to some CPUs (taskset, cpusets)
sees them in its affinity mask.
"""

import math
import os
from pathlib import Path

__all__ = ["CPU_MAX", "available_cpus", "default_workers"]

CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def available_cpus(cpu_max: Path = CPU_MAX) -> int:
    """The CPUs this process can use: the cgroup's quota, rounded up, when it is lower than the
    CPUs it may be scheduled on."""
    schedulable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cpus = schedulable or os.cpu_count() or 1
    quota = _cgroup_quota(cpu_max)
    return max(1, min(cpus, quota)) if quota is not None else cpus


def default_workers(cpu_max: Path = CPU_MAX) -> int:
    """gunicorn's rule of thumb, (2 x CPUs) + 1, over the CPUs the process can really use."""
    return 2 * available_cpus(cpu_max) + 1


def _cgroup_quota(cpu_max: Path) -> int | None:
    try:
        quota, period = cpu_max.read_text().split()[:2]
        if quota == "max":
            return None
        return math.ceil(int(quota) / int(period))
    except (OSError, ValueError, ZeroDivisionError):
        return None  # no cgroup v2 here, or a file we do not understand
