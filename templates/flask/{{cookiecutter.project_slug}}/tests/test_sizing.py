"""The default number of workers follows the CPUs the process may use: its cgroup's quota or
its affinity mask, whichever is lower; never the host's CPUs alone."""

import os
from pathlib import Path

import pytest

from app.core.sizing import available_cpus, default_workers

SCHEDULABLE = 8


@pytest.fixture(autouse=True)
def _eight_schedulable_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(SCHEDULABLE)), raising=False)


def cpu_max(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "cpu.max"
    path.write_text(content)
    return path


@pytest.mark.parametrize(
    ("content", "cpus"),
    [
        ("150000 100000\n", 2),  # 1.5 CPUs, rounded up
        ("50000 100000\n", 1),
        ("800000 100000\n", SCHEDULABLE),
        ("1600000 100000\n", SCHEDULABLE),  # a quota above the CPUs there are
        ("max 100000\n", SCHEDULABLE),  # no quota
    ],
)
def test_the_cgroup_quota_bounds_the_cpus(tmp_path: Path, content: str, cpus: int) -> None:
    path = cpu_max(tmp_path, content)

    assert available_cpus(path) == cpus
    assert default_workers(path) == 2 * cpus + 1


def test_an_affinity_mask_below_the_quota_bounds_the_cpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})

    assert available_cpus(cpu_max(tmp_path, "150000 100000\n")) == 1
    assert default_workers(cpu_max(tmp_path, "max 100000\n")) == 3


def test_without_cgroup_v2_the_affinity_mask_counts(tmp_path: Path) -> None:
    assert available_cpus(tmp_path / "missing") == SCHEDULABLE


@pytest.mark.parametrize("content", ["", "lots", "150000", "a 100000", "150000 0"])
def test_a_file_not_understood_is_ignored(tmp_path: Path, content: str) -> None:
    assert available_cpus(cpu_max(tmp_path, content)) == SCHEDULABLE


@pytest.mark.parametrize(("counted", "cpus"), [(6, 6), (None, 1)])
def test_without_an_affinity_mask_the_cpu_count_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: int | None, cpus: int
) -> None:
    # macOS, for one, has no sched_getaffinity.
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: counted)

    assert available_cpus(tmp_path / "missing") == cpus
    assert default_workers(cpu_max(tmp_path, "max 100000\n")) == 2 * cpus + 1
