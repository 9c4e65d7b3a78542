"""benchmarks/_cpu.py: the servers' CPU the load benchmarks divide by the requests answered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _cpu import ServerCpu, cpu_cells, tree_cpu_seconds

# A grandchild of the process started, as a gunicorn worker is under `uv run`: it burns a known
# amount of CPU, then waits on its stdin so that it is still alive when the meter reads it.
SPIN = 0.3
GRANDCHILD = (
    "import sys, time\n"
    f"end = time.process_time() + {SPIN}\n"
    "while time.process_time() < end:\n"
    "    pass\n"
    "print('spun', flush=True)\n"
    "sys.stdin.read()\n"
)
CHILD = (
    "import subprocess, sys\n"
    f"subprocess.run([sys.executable, '-c', {GRANDCHILD!r}], stdin=sys.stdin)\n"
)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the meter reads Linux's /proc")
def test_the_meter_counts_every_process_under_the_one_started() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        meter = ServerCpu(child.pid)
        assert child.stdout is not None and child.stdout.readline() == "spun\n"
        spent = meter.per_request(requests=3)
        total = tree_cpu_seconds(child.pid)
    finally:
        child.communicate(input="", timeout=30)

    assert spent is not None and total is not None
    # The meter started before the grandchild existed, so its whole spin is in `spent`, give or
    # take clock ticks of 10 ms; the total also holds both interpreters' start-up.
    assert total >= SPIN - 0.02
    assert SPIN / 3 - 0.05 <= spent <= total / 3


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the meter reads Linux's /proc")
def test_no_process_has_used_nothing() -> None:
    no_such_pid = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1

    assert tree_cpu_seconds(no_such_pid) == 0.0


def test_the_report_cells_are_the_medians_and_minimal_over_skeleton() -> None:
    assert cpu_cells([0.0002, 0.0004, 0.0003], [0.0001, 0.0001, 0.0002]) == ["300 / 100", "0.33x"]
    assert cpu_cells([], [0.0001]) == ["n/a", "n/a"]
