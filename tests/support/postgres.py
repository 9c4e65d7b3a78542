"""A PostgreSQL instance of a test's own, from Debian's binaries, that it may stop and start.

The shared server (FORGE_TEST_POSTGRES_URL) serves every other test; stopping it would fail
them, so tests about an unreachable database get a cluster of their own.
"""

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.serving import free_port

__all__ = ["PrivateCluster", "private_cluster"]


class PrivateCluster:
    def __init__(self, root: Path, bindir: Path, port: int) -> None:
        self.root = root
        self.bindir = bindir
        self.port = port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        self.running = False

    def initdb(self) -> None:
        self._run("initdb", "-D", str(self.root / "data"), "-U", "postgres", "--auth=trust")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log"),
                  "-o", options, "-w", "start")  # fmt: skip
        self.running = True

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")
        self.running = False

    def _run(self, tool: str, *args: str) -> None:
        # initdb refuses to run as root: as root, run the server as Debian's postgres user.
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        command = [*as_postgres, str(self.bindir / tool), *args]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{tool} failed: {result.stdout}{result.stderr}"


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="forge-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    cluster = PrivateCluster(root, bindir, free_port())
    try:
        cluster.initdb()
        cluster.start()
        yield cluster
    finally:
        if cluster.running:
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if not found:
        message = "no PostgreSQL server binaries (scripts/postgres-up installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Path(found[-1]).parent


def _version(path: str) -> int:
    return int(Path(path).parts[4]) if Path(path).parts[4].isdigit() else 0
