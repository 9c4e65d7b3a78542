"""A baked project, and its own commands run in its own environment.

The commands are the template's (`_commands` in its cookiecutter.json), the same ones its
README tells a person to run, so these tests hold the README to its word.
"""

import re
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The variables of forge's own environment kept out of a baked project's runs are the ones
# `forge compare` keeps out of the skeletons it measures.
from generator.compare.processes import clean_environment
from tests.support.combinations import Combination

__all__ = [
    "COVERAGE_FLOOR",
    "BakedProject",
    "clean_environment",
    "coverage_total",
    "failed_or_skipped",
]

# What every skeleton's coverage settings demand (`fail_under`), fresh or grown.
COVERAGE_FLOOR = 95


def failed_or_skipped(output: str) -> list[str]:
    """pytest's counts of failed, errored and skipped tests in its closing line ("3 skipped"), not
    coverage's "2 files skipped due to complete coverage"."""
    return re.findall(r"\b\d+ (?:failed|errors?|skipped)\b", output)


def coverage_total(output: str) -> int:
    """The TOTAL line's percentage in pytest-cov's report."""
    match = re.search(r"^TOTAL\s.*?(\d+)%$", output, flags=re.MULTILINE)
    assert match, output[-3000:]
    return int(match.group(1))


@dataclass
class BakedProject:
    path: Path
    combination: Combination
    commands: Mapping[str, str]

    def command(self, name: str, *extra: str) -> list[str]:
        return [*shlex.split(self.commands[name]), *extra]

    def run(
        self, name: str, *extra: str, env: dict[str, str] | None = None, timeout: float = 900
    ) -> subprocess.CompletedProcess[str]:
        return self.execute(self.command(name, *extra), env=env, timeout=timeout)

    def execute(
        self, argv: list[str], *, env: dict[str, str] | None = None, timeout: float = 900
    ) -> subprocess.CompletedProcess[str]:
        """Any command, run in the project as its own commands are."""
        return subprocess.run(
            argv,
            cwd=self.path,
            env=env or clean_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self, name: str, *, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        """In a session of its own, so that the whole process group can be stopped.

        Output goes to a file: a pipe nobody reads fills up under load and blocks the server.
        """
        with log.open("wb") as output:
            return subprocess.Popen(
                self.command(name),
                cwd=self.path,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
