"""A skeleton made ready to measure: generated, installed for production, migrated, inspected.

Everything here is what a team does on deploy day, through the template's own commands:
`forge new`, an install without the development tools, the migrate command.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import shlex
import subprocess
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.compare.processes import clean_environment
from generator.errors import ComparisonFailedError
from generator.record import read_record
from generator.registry import get_template

__all__ = ["ACCESS_TOKEN_MINUTES", "Skeleton", "count_lines", "prepare_skeleton"]

# The served skeleton's ACCESS_TOKEN_MINUTES when it has users: a day, far longer than any
# comparison (the default, 15 minutes, is shorter than a run of the three frameworks), so that
# the one token the load carries (generator.compare.identity) never expires mid-run.
ACCESS_TOKEN_MINUTES = 24 * 60

# Run in the skeleton's environment: its gunicorn settings as gunicorn resolves them from
# gunicorn.conf.py under the comparison's environment, and every installed distribution.
_INSPECT = """\
import json, os, platform, runpy, tempfile
from importlib import metadata
from gunicorn.config import KNOWN_SETTINGS

names = {setting.name for setting in KNOWN_SETTINGS}
# gunicorn.conf.py makes a metrics directory unless one is named: name one that goes away.
with tempfile.TemporaryDirectory() as metrics:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics
    namespace = runpy.run_path("gunicorn.conf.py")
settings = {
    key: value
    for key, value in namespace.items()
    if key in names and isinstance(value, (str, int, float, bool, type(None)))
}
distributions = {}
for distribution in metadata.distributions():
    size = 0
    for file in distribution.files or ():
        try:
            size += file.locate().stat().st_size
        except OSError:
            pass
    distributions[distribution.metadata["Name"]] = [distribution.version, size]
print(json.dumps({
    "python": platform.python_version(),
    "settings": settings,
    "distributions": distributions,
}))
"""


@dataclass
class Skeleton:
    """A generated project ready to serve, and what was learnt of it on the way."""

    framework: str
    path: Path
    env: dict[str, str]  # production settings: APP_ENV, SECRET_KEY, DATABASE_URL, ...
    auth: str = "none"  # the project's answer: "jwt" (users and tokens) or "none"
    server: dict[str, Any] = field(default_factory=dict)  # resolved gunicorn settings
    python: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    dependencies: int = 0
    dependencies_bytes: int = 0
    lines_of_code: dict[str, int] = field(default_factory=dict)

    @property
    def has_users(self) -> bool:
        """Whether `/api` needs a bearer token (`--auth jwt`, the default skeleton)."""
        return self.auth == "jwt"

    @property
    def gunicorn(self) -> Path:
        return self.path / ".venv" / "bin" / "gunicorn"

    def run(self, argv: Sequence[str | Path], step: str, **extra_env: str) -> str:
        """Run a command in the project; a failure names the step and shows the output."""
        command = [str(arg) for arg in argv]
        completed = subprocess.run(
            command,
            cwd=self.path,
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if completed.returncode != 0:
            output = completed.stdout + completed.stderr
            raise ComparisonFailedError(
                self.framework, step, f"$ {shlex.join(command)[:300]}\n{output}"
            )
        return completed.stdout


def prepare_skeleton(
    framework: str,
    *,
    database: str,
    database_url: str,
    workers: int,
    root: Path,
    uv: str,
    auth: str | None = None,
) -> Skeleton:
    """Generate `framework`'s skeleton under `root`, install, migrate and inspect it.

    `auth` None is the template's default, which is what a team gets from `forge new` and so
    what is measured: users and tokens (`jwt`) where the template has them.
    """
    from generator import generate

    project = generate(
        f"compare {framework}",
        framework,
        database=database,
        auth=auth,
        output_dir=root,
        git=False,
    )
    # The project's record says what was generated; a template without the option has no users.
    answered = str(read_record(project).answers.get("auth", "none"))
    env = clean_environment(
        APP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        WEB_CONCURRENCY=str(workers),
    )
    if answered == "jwt":
        # Tokens that outlast the whole run (see ACCESS_TOKEN_MINUTES above), so that none
        # expires mid-run; registration open, whatever forge's environment says.
        env.update(ACCESS_TOKEN_MINUTES=str(ACCESS_TOKEN_MINUTES), ALLOW_REGISTRATION="true")
    skeleton = Skeleton(framework, project, env, answered, lines_of_code=count_lines(project))
    # What a deployment installs: the project and its runtime dependencies, no test tools,
    # compiled to bytecode as the Dockerfiles do (UV_COMPILE_BYTECODE=1); otherwise every worker
    # compiles the sources as it boots, and the cold starts measured the compiler (2-3x slower).
    skeleton.run([uv, "sync", "--no-dev", "--compile-bytecode", "--quiet"], "install")
    # The template's commands start with `uv run`, which would add the test tools back.
    skeleton.env["UV_NO_SYNC"] = "1"
    commands = get_template(framework).commands
    skeleton.run(shlex.split(commands["migrate"]), "migrate")
    _inspect(skeleton)
    return skeleton


def _inspect(skeleton: Skeleton) -> None:
    python = skeleton.path / ".venv" / "bin" / "python"
    found = json.loads(
        skeleton.run([python, "-c", _INSPECT], "inspect its environment", PORT="8000")
    )
    skeleton.python = str(found["python"])
    skeleton.server = dict(found["settings"])
    own = _normalize(read_record(skeleton.path).answers["project_slug"])
    installed = {
        _normalize(name): (str(version), int(size))
        for name, (version, size) in found["distributions"].items()
        if _normalize(name) != own
    }
    skeleton.versions = {name: version for name, (version, _) in sorted(installed.items())}
    skeleton.dependencies = len(installed)
    skeleton.dependencies_bytes = sum(size for _, size in installed.values())


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def count_lines(project: Path) -> dict[str, int]:
    """Lines of Python that are neither blank nor only a comment, by part of the project."""
    counts = {"app": 0, "tests": 0, "migrations": 0}
    for path in sorted(project.rglob("*.py")):
        parts = path.relative_to(project).parts
        if parts[0].startswith("."):
            continue  # .venv, .forge
        part = "tests" if parts[0] == "tests" else "migrations" if "migrations" in parts else "app"
        counts[part] += _code_lines(path.read_text(encoding="utf-8"))
    return counts


def _code_lines(source: str) -> int:
    """Lines holding a token other than a comment, as cloc counts them (docstrings count)."""
    lines: set[int] = set()
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skipped and token.type != tokenize.ENDMARKER:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines)
