"""How many workers gunicorn starts by default: from the CPUs the process may really use."""

import os
from pathlib import Path

import pytest

from app.core.sizing import available_cpus, default_workers


@pytest.fixture
def cpu_max(tmp_path: Path) -> Path:
    return tmp_path / "cpu.max"


def schedulable_on(monkeypatch: pytest.MonkeyPatch, cpus: int) -> None:
    """The affinity mask, which counts the CPUs taskset or a cpuset leaves the process."""
    # raising=False: macOS has no affinity mask, and the rule is the same there.
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cpus)), raising=False)


def test_a_cpu_quota_is_rounded_up_to_whole_cpus(
    monkeypatch: pytest.MonkeyPatch, cpu_max: Path
) -> None:
    schedulable_on(monkeypatch, 64)
    cpu_max.write_text("150000 100000\n")  # one and a half CPUs' time in every period

    assert available_cpus(cpu_max) == 2
    assert default_workers(cpu_max) == 5


def test_a_smaller_affinity_mask_wins_over_the_quota(
    monkeypatch: pytest.MonkeyPatch, cpu_max: Path
) -> None:
    schedulable_on(monkeypatch, 1)
    cpu_max.write_text("150000 100000\n")

    assert available_cpus(cpu_max) == 1
    assert default_workers(cpu_max) == 3


def test_without_a_quota_the_affinity_mask_counts(
    monkeypatch: pytest.MonkeyPatch, cpu_max: Path
) -> None:
    schedulable_on(monkeypatch, 4)
    cpu_max.write_text("max 100000\n")

    assert available_cpus(cpu_max) == 4
    assert default_workers(cpu_max) == 9


def test_outside_a_cgroup_the_affinity_mask_counts(
    monkeypatch: pytest.MonkeyPatch, cpu_max: Path
) -> None:
    schedulable_on(monkeypatch, 3)

    assert available_cpus(cpu_max) == 3


@pytest.mark.parametrize("garbage", ["", "150000", "lots 100000", "150000 0", "\x00\x01"])
def test_a_cpu_max_it_cannot_read_is_ignored(
    monkeypatch: pytest.MonkeyPatch, cpu_max: Path, garbage: str
) -> None:
    schedulable_on(monkeypatch, 6)
    cpu_max.write_text(garbage)

    assert available_cpus(cpu_max) == 6


def test_without_an_affinity_mask_every_cpu_counts(
    monkeypatch: pytest.MonkeyPatch, cpu_max: Path
) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)

    assert available_cpus(cpu_max) == 8


def test_a_quota_under_one_cpu_still_gets_one(
    monkeypatch: pytest.MonkeyPatch, cpu_max: Path
) -> None:
    schedulable_on(monkeypatch, 8)
    cpu_max.write_text("20000 100000\n")

    assert available_cpus(cpu_max) == 1
    assert default_workers(cpu_max) == 3
