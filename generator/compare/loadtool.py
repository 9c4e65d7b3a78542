"""The HTTP load tool `forge compare` drives: wrk, else oha, found on PATH.

A load generator written in Python would measure its own interpreter as much as the server,
so there is no fallback: without a real tool, forge says how to install one.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.compare.results import LoadResult, Scenario
from generator.errors import LoadToolFailedError

__all__ = ["LOAD_TOOLS", "LoadTool", "find_load_tool", "parse_oha", "parse_wrk"]

LOAD_TOOLS = ("wrk", "oha")
# A request slower than this is an error to the tool. Long enough that a queue behind busy
# threads shows up as latency, which is what the comparison is about, not as lost requests.
REQUEST_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class LoadTool:
    """wrk or oha, with the arguments and the parsing each needs."""

    name: str
    path: str
    threads: int = 2  # wrk's threads; they share the machine's cores with the server

    def version(self) -> str:
        flag = "-v" if self.name == "wrk" else "--version"
        completed = subprocess.run(
            [self.path, flag], capture_output=True, text=True, check=False, timeout=30
        )
        lines = (completed.stdout + completed.stderr).strip().splitlines()
        # "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer": the name and version.
        return " ".join(lines[0].split()[:2]) if lines else self.name

    def run(
        self,
        base_url: str,
        scenario: Scenario,
        *,
        duration: float,
        connections: int,
        headers: Mapping[str, str] | None = None,
    ) -> LoadResult:
        """Load `scenario` at `base_url` for `duration` seconds over `connections` connections,
        every request carrying `headers` (e.g. `Authorization: Bearer ...`).

        Header values are secrets: they never reach an error message (see _run_tool).
        """
        url = base_url.rstrip("/") + scenario.path
        seconds = int(duration)  # CompareOptions holds whole seconds, at least one
        sent = dict(headers or {})
        if self.name == "wrk":
            return self._wrk(url, scenario, seconds, connections, sent)
        return self._oha(url, scenario, seconds, connections, sent)

    def _wrk(
        self, url: str, scenario: Scenario, seconds: int, connections: int, headers: dict[str, str]
    ) -> LoadResult:
        threads = min(self.threads, connections)
        argv = [
            self.path,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={REQUEST_TIMEOUT_SECONDS}s",
            "--latency",
        ]
        # Headers go in the Lua script, not on the command line (`-H`), where any user of the
        # machine could read a token in the process list; the folder is private (0700) and goes
        # with the run.
        with tempfile.TemporaryDirectory(prefix="forge-wrk-") as scratch:
            if scenario.method != "GET" or scenario.body is not None or headers:
                script = Path(scratch) / "request.lua"
                script.touch(mode=0o600)
                script.write_text(_wrk_script(scenario, headers))
                argv += ["-s", str(script)]
            output = _run_tool([*argv, url], timeout=seconds + 60, hidden=headers.values())
        return parse_wrk(output)

    def _oha(
        self, url: str, scenario: Scenario, seconds: int, connections: int, headers: dict[str, str]
    ) -> LoadResult:
        argv = [
            self.path,
            "-z",
            f"{seconds}s",
            "-c",
            str(connections),
            "-t",
            f"{REQUEST_TIMEOUT_SECONDS}s",
            "--no-tui",
            "-m",
            scenario.method,
        ]
        if scenario.body is not None:
            argv += ["-d", scenario.body, "-H", "Content-Type: application/json"]
        # oha reads headers only from its command line: a token there is visible in the process
        # list while the load runs (a throwaway token of a scratch server on loopback).
        for name, value in headers.items():
            argv += ["-H", f"{name}: {value}"]
        hidden = headers.values()
        try:
            output = _run_tool([*argv, "-j", url], timeout=seconds + 60, hidden=hidden)
        except LoadToolFailedError:
            # Newer oha releases name JSON output with --output-format.
            output = _run_tool(
                [*argv, "--output-format", "json", url], timeout=seconds + 60, hidden=hidden
            )
        return parse_oha(output)


def _wrk_script(scenario: Scenario, headers: Mapping[str, str] | None = None) -> str:
    """wrk sends a method other than GET, a body or a header only through a Lua script."""
    lines = [f'wrk.method = "{scenario.method}"']
    if scenario.body is not None:
        lines += [
            f"wrk.body = {_lua_string(scenario.body)}",
            'wrk.headers["Content-Type"] = "application/json"',
        ]
    for name, value in (headers or {}).items():
        if not re.fullmatch(r"[A-Za-z0-9-]+", name):
            raise ValueError(f"not a header name: {name!r}")
        # A quoted name: `wrk.headers[[==[...` would open a Lua long string at `[[`.
        lines.append(f'wrk.headers["{name}"] = {_lua_string(value)}')
    return "\n".join(lines) + "\n"


def _lua_string(text: str) -> str:
    """`text` as a Lua long string, [==[...]==], with a level that nothing in it closes."""
    level = 2
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def _run_tool(argv: list[str], *, timeout: float, hidden: Iterable[str] = ()) -> str:
    """The tool's output; a failure shows its command and errors with every `hidden` value
    (a header's token) masked."""
    completed = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=timeout)
    if completed.returncode != 0:
        command, errors = shlex.join(argv), completed.stderr
        # The whole value, then each long word of it: "Bearer <token>" hides the token alone too.
        masked = [part for value in hidden for part in (value, *value.split()) if len(part) >= 8]
        for secret in sorted(masked, key=len, reverse=True):
            command, errors = command.replace(secret, "***"), errors.replace(secret, "***")
        raise LoadToolFailedError(command, completed.returncode, errors)
    return completed.stdout


_WRK_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_wrk(output: str) -> LoadResult:
    """Requests/sec, the 50% and 99% lines of `--latency`, and every kind of error wrk counts."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    if not rate or not total:
        raise LoadToolFailedError("wrk", 0, f"no Requests/sec in its output:\n{output}")
    errors = 0
    if non_2xx := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(non_2xx[1])
    if socket := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(count) for count in socket.groups())
    requests = int(total[1])
    if requests == 0:
        # Nothing answered: wrk prints no latency distribution, and there is none to give.
        return LoadResult(0.0, 0.0, 0.0, 0, errors)
    return LoadResult(
        float(rate[1]), _wrk_latency(output, "50"), _wrk_latency(output, "99"), requests, errors
    )


def _wrk_latency(output: str, percent: str) -> float:
    found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    if not found:
        raise LoadToolFailedError("wrk", 0, f"no {percent}% latency in its output:\n{output}")
    return float(found[1]) * _WRK_UNITS[found[2]]


def parse_oha(output: str) -> LoadResult:
    """oha's JSON report: summary.requestsPerSec and latencyPercentiles, in seconds."""
    try:
        report = json.loads(output)
        statuses: dict[str, int] = report.get("statusCodeDistribution", {})
        failures: dict[str, int] = report.get("errorDistribution", {})
        errors = sum(n for code, n in statuses.items() if not code.startswith(("2", "3")))
        percentiles = report.get("latencyPercentiles") or {}
        return LoadResult(
            float(report["summary"]["requestsPerSec"] or 0.0),
            float(percentiles.get("p50") or 0.0),
            float(percentiles.get("p99") or 0.0),
            sum(statuses.values()),
            errors + sum(failures.values()),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise LoadToolFailedError(
            "oha", 0, f"could not read its JSON report ({error}):\n{output[:2000]}"
        ) from None


def find_load_tool(threads: int = 2) -> LoadTool | None:
    """The first of LOAD_TOOLS on PATH, or None."""
    for name in LOAD_TOOLS:
        if path := shutil.which(name):
            return LoadTool(name, path, threads)
    return None
