"""The README's words, held to: its set-up command and the output it shows are what forge does."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from tests.support.project import clean_environment

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# What the test tools bring in; a person who only generates projects needs none of them.
DEVELOPMENT_ONLY = ("pytest", "schemathesis", "matplotlib", "hypothesis", "copier")


def _blocks(language: str = "") -> list[str]:
    """The README's fenced code blocks opened with ```language, in order."""
    blocks, current, opened_with = [], [], None
    for line in README.splitlines():
        if line.startswith("```"):
            if opened_with is None:
                opened_with, current = line[3:], []
                continue
            if opened_with == language:
                blocks.append("\n".join(current) + "\n")
            opened_with = None
        elif opened_with is not None:
            current.append(line)
    return blocks


@pytest.mark.slow
def test_the_set_up_command_generates_a_project_with_runtime_dependencies_only(
    tmp_path: Path,
) -> None:
    command = _blocks("bash")[0].strip()
    assert command.startswith("pip install uv && ")
    argv = shlex.split(command.removeprefix("pip install uv && "))
    argv = [str(tmp_path / "src") if word == "~/src" else word for word in argv]
    checkout = tmp_path / "forge"
    # This checkout's files without its environment, as a fresh clone has them.
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(".venv", ".git", "*cache*"))

    done = subprocess.run(
        argv, cwd=checkout, env=clean_environment(), capture_output=True, text=True, timeout=600
    )

    assert done.returncode == 0, done.stderr
    assert (tmp_path / "src" / "my_service" / ".forge.json").is_file()
    installed = {
        path.name.split("-")[0].lower()
        for path in checkout.glob(".venv/lib/*/site-packages/*.dist-info")
    }
    assert "cookiecutter" in installed
    assert not installed & set(DEVELOPMENT_ONLY), sorted(installed & set(DEVELOPMENT_ONLY))


def test_the_sample_output_is_what_forge_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = next(block for block in _blocks() if block.startswith("$ forge new "))
    command, *shown = sample.rstrip("\n").split("\n")
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(app, shlex.split(command.removeprefix("$ forge "))[0:])

    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n").split("\n") == shown


def test_the_field_language_examples_run_as_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The authors and books of the field table are added as written; the bad spec after them
    is refused with the very line shown, and nothing is written."""
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    assert (
        runner.invoke(app, ["new", "Library", "--framework", "fastapi", "--no-input"]).exit_code
        == 0
    )
    monkeypatch.chdir(tmp_path / "library")
    grown = next(block for block in _blocks() if block.startswith("$ forge add-endpoint authors"))
    refused = next(block for block in _blocks() if "ref(bookz)" in block)

    for command in grown.splitlines():
        result = runner.invoke(app, shlex.split(command.removeprefix("$ forge ")))
        assert result.exit_code == 0, result.stderr
    before = sorted(path.stat().st_mtime_ns for path in Path().rglob("*"))
    command, shown = refused.rstrip("\n").split("\n")
    result = runner.invoke(app, shlex.split(command.removeprefix("$ forge ")))

    assert result.exit_code == 2
    assert result.stderr.rstrip("\n") == shown
    assert sorted(path.stat().st_mtime_ns for path in Path().rglob("*")) == before
