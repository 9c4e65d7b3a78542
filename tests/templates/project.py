"""A baked project with its own virtual environment, and ways to run things in it."""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.templates.combinations import Combination

__all__ = ["BakedProject", "clean_environment"]

# Variables from forge's own environment that must not leak into a baked project's runs.
LEAKY_VARIABLES = {
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
}


def clean_environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LEAKY_VARIABLES}
    return {**env, **extra}


@dataclass
class BakedProject:
    path: Path
    combination: Combination

    @property
    def bin(self) -> Path:
        return self.path / ".venv" / "bin"

    def install(self) -> subprocess.CompletedProcess[str]:
        """A fresh environment from the baked pyproject.toml alone, dev tools included."""
        uv = shutil.which("uv")
        assert uv, "uv must be on PATH to build the baked project's environment"
        return self.run(uv, "sync", "--python", "3.11", timeout=900)

    def run(
        self, *command: str | Path, env: dict[str, str] | None = None, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(part) for part in command],
            cwd=self.path,
            env=env or clean_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def tool(self, name: str) -> Path:
        return self.bin / name
