"""How many workers gunicorn starts by default: (2 x CPUs) + 1, counting the CPUs the process
may really use (a container's CPU quota, the CPUs it is pinned to), not the host's."""

import os
from pathlib import Path

import pytest

from app.core.sizing import available_cpus, default_workers

HOST_CPUS = 8


@pytest.fixture(autouse=True)
def _host(monkeypatch: pytest.MonkeyPatch) -> None:
    """A host of 8 CPUs, all of which the process may be scheduled on."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(HOST_CPUS)), raising=False)


def cpu_max(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "cpu.max"
    path.write_text(content)
    return path


def test_a_cpu_quota_is_rounded_up_to_whole_cpus(tmp_path: Path) -> None:
    quota = cpu_max(tmp_path, "150000 100000\n")  # 1.5 CPUs' worth of time per period

    assert available_cpus(quota) == 2
    assert default_workers(quota) == 5


def test_fewer_cpus_to_run_on_than_the_quota_grants_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)

    assert available_cpus(cpu_max(tmp_path, "150000 100000")) == 1


def test_no_quota_leaves_the_cpus_the_process_may_run_on(tmp_path: Path) -> None:
    assert available_cpus(cpu_max(tmp_path, "max 100000")) == HOST_CPUS
    assert default_workers(cpu_max(tmp_path, "max 100000")) == 2 * HOST_CPUS + 1


@pytest.mark.parametrize("content", ["", "garbage", "many 100000", "100000 0"])
def test_a_cpu_max_not_understood_is_ignored(tmp_path: Path, content: str) -> None:
    assert available_cpus(cpu_max(tmp_path, content)) == HOST_CPUS


def test_without_cgroups_the_cpus_the_process_may_run_on_count(tmp_path: Path) -> None:
    assert available_cpus(tmp_path / "no-such-cpu.max") == HOST_CPUS


def test_without_an_affinity_mask_the_cpu_count_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS has no sched_getaffinity."""
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)

    assert available_cpus(tmp_path / "no-such-cpu.max") == 3


def test_at_least_one_cpu_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: None)

    assert default_workers(cpu_max(tmp_path, "max 100000")) == 3
