"""Run a template's hook scripts as cookiecutter does, but hear why one fails.

cookiecutter lets a hook write to our stderr and reports only "exit status 1", so a hook refusing
the answers would print its reason as a second, unformatted line; and it leaves each rendered
script behind in the system temp dir. Here a hook's stderr becomes the reason of a ForgeError,
and the rendered script goes into a scratch directory that the caller removes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from cookiecutter.hooks import find_hook
from cookiecutter.utils import create_env_with_context, make_executable, work_in

from generator.errors import HookFailedError
from generator.registry import Template

__all__ = ["run_hook"]


def run_hook(
    template: Template, hook: str, project_dir: Path, context: dict[str, Any], *, scratch: Path
) -> None:
    """Run `template`'s `hook` scripts inside `project_dir`, rendering them into `scratch`."""
    with work_in(template.path):  # find_hook looks in ./hooks
        scripts = find_hook(hook) or []
    for script in map(Path, scripts):
        rendered = _render(script, context, scratch)
        result = subprocess.run(
            _command(rendered), cwd=project_dir, stderr=subprocess.PIPE, text=True, check=False
        )
        if result.returncode != 0:
            raise HookFailedError(template.name, hook, _reason(result))


def _render(script: Path, context: dict[str, Any], scratch: Path) -> Path:
    source = script.read_text(encoding="utf-8")
    rendered = scratch / script.name
    text = create_env_with_context(context).from_string(source).render(**context)
    rendered.write_text(text, encoding="utf-8")
    make_executable(rendered)
    return rendered


def _command(script: Path) -> list[str]:
    """Python hooks run on this interpreter, any other script through its shebang."""
    return [sys.executable, str(script)] if script.suffix == ".py" else [str(script)]


def _reason(result: subprocess.CompletedProcess[str]) -> str:
    """The hook's last word on stderr, as a hook calling sys.exit("error: ...") gives it."""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    if not lines:
        return f"it exited with status {result.returncode}"
    return lines[-1].removeprefix("error: ")
