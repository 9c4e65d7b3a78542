"""Commands and servers run in a generated project's own environment.

Servers run in a process group of their own and are always stopped as a group: a gunicorn
worker can outlive its master, and one left behind skews the next measurement on the same cores.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

__all__ = [
    "LEAKY_VARIABLES",
    "STOP_SECONDS",
    "ServerFailed",
    "clean_environment",
    "free_port",
    "running",
    "start_process",
    "stop_process",
    "wait_until_answering",
    "worker_rss",
    "workers",
]

STOP_SECONDS = 30

# Variables of forge's own environment that would change what a generated project does: a
# project run with forge's VIRTUAL_ENV would use forge's packages, not its own.
LEAKY_VARIABLES = frozenset(
    {
        "VIRTUAL_ENV",
        "PYTHONPATH",
        "PYTHONHOME",
        "UV_PROJECT_ENVIRONMENT",
        "PYTEST_ADDOPTS",
        "APP_ENV",
        "DATABASE_URL",
        "TEST_DATABASE_URL",
        "SECRET_KEY",
        "LOG_LEVEL",
        "LOG_FORMAT",
        "CORS_ORIGINS",
        "PORT",
        "WEB_CONCURRENCY",
        "GUNICORN_CMD_ARGS",
        "ACCESS_TOKEN_MINUTES",
        "REFRESH_TOKEN_DAYS",
        "ALLOW_REGISTRATION",
        "DB_POOL_SIZE",
        "PROMETHEUS_MULTIPROC_DIR",
        "PROMETHEUS_MULTIPROC_DIR_MADE_BY",
    }
)


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without LEAKY_VARIABLES, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if key not in LEAKY_VARIABLES}
    return {**env, **extra}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_process(
    argv: Sequence[str | os.PathLike[str]], *, cwd: Path, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    """In a session of its own, so that stop_process can end the whole group.

    Output goes to a file: a pipe nobody reads fills up under load and blocks the server.
    """
    with log.open("ab") as output:
        return subprocess.Popen(
            [str(arg) for arg in argv],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole process group, SIGKILL if it has not ended in STOP_SECONDS."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_SECONDS)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    # Workers outliving their master stay in the group: end any that remain.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def running(
    argv: Sequence[str | os.PathLike[str]], *, cwd: Path, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A process that is stopped, with its group, however the block ends."""
    process = start_process(argv, cwd=cwd, env=env, log=log)
    try:
        yield process
    finally:
        stop_process(process)


class ServerFailed(Exception):
    """The server exited or never answered; the message carries the end of its log."""


def wait_until_answering(
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    *,
    timeout: float = 60,
    interval: float = 0.2,
    request_timeout: float = 1,
) -> bytes:
    """Poll `url` until it answers 200; the body is returned.

    A request the server has accepted but not answered yet waits up to `request_timeout`: a
    gunicorn master listens before its workers have booted, and a long wait there times the
    boot exactly, where a short one would retry and add the polling interval.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            raise ServerFailed(f"the server exited with status {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=request_timeout) as response:
                if response.status == 200:
                    return bytes(response.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(interval)
    tail = log.read_text(errors="replace")[-3000:]
    raise ServerFailed(f"{url} did not answer 200 within {timeout:.0f} s:\n{tail}")


def worker_rss(master: int) -> list[int]:
    """Resident memory, in bytes, of each child of process `master` (gunicorn's workers)."""
    return list(workers(master).values())


def workers(master: int) -> dict[int, int]:
    """The children of process `master` (gunicorn's workers): pid -> resident memory in bytes."""
    if sys.platform.startswith("linux"):
        return {pid: _proc_rss(pid) for pid in _proc_children(master)}
    output = subprocess.run(
        ["ps", "-A", "-o", "pid=,ppid=,rss="], capture_output=True, text=True, check=True
    ).stdout
    return {
        int(pid): int(rss) * 1024
        for pid, ppid, rss in (line.split() for line in output.splitlines() if line.strip())
        if int(ppid) == master
    }


def _proc_children(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError):
            # The command name, in parentheses, may hold spaces: the fields follow its last ")".
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            if int(fields[1]) == parent:
                children.append(int(entry.name))
    return sorted(children)


def _proc_rss(pid: int) -> int:
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0
