"""`forge new` at a real terminal: the installed console script in a pseudo-terminal.

CliRunner pretends there is a terminal (the `at_a_terminal` fixture); this runs the `forge`
script itself, so that what decides there is one (isatty on both ends), what the terminal
echoes, and the order in which a person sees things are the real ones.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from generator import read_record

FORGE = Path(sys.executable).with_name("forge")

pytestmark = pytest.mark.skipif(not FORGE.is_file(), reason="the forge console script is missing")


@pytest.fixture
def forge_new(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Start `forge new` in `tmp_path` inside a pseudo-terminal; stop it whatever happens."""
    children: list[pexpect.spawn] = []

    def start(*args: str) -> pexpect.spawn:
        child = pexpect.spawn(
            str(FORGE),
            ["new", *args],
            cwd=str(tmp_path),
            env={**os.environ, "TERM": "dumb", "NO_COLOR": "1"},
            encoding="utf-8",
            timeout=30,
            dimensions=(50, 200),  # wide enough that the menu's lines are not wrapped
        )
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)


def test_a_person_answers_by_number_and_by_name_and_gets_the_project(
    tmp_path: Path, forge_new
) -> None:
    (tmp_path / "my_shop").mkdir()
    child = forge_new()

    child.expect_exact("Project name (The project's name) [My Service]: ")
    child.sendline("My Shop")
    # The existing directory is said at once, before any other question.
    child.expect_exact("Error: my_shop already exists and forge never overwrites;")
    child.expect_exact("Project name (The project's name) [My Service]: ")
    child.sendline("Pet Shop")
    child.expect_exact("Project slug (The Python package and directory name) [pet_shop]: ")
    child.sendline("")
    child.expect_exact("Description (One line saying what the service does)")
    child.sendline("Sells pets.")
    child.expect_exact("Version (The project's first version) [0.1.0]: ")
    child.sendline("")
    child.expect_exact("Framework (Which skeleton):")
    child.expect_exact("2. fastapi (default)  FastAPI")
    child.expect_exact("Number or name [2]: ")
    child.sendline("FLASK")
    child.expect_exact("Database (Which database):")
    child.expect_exact("Number or name [1]: ")
    child.sendline("2")
    child.expect_exact("Authentication (How clients prove who they are")
    child.expect_exact("1. jwt (default)")
    child.expect_exact("Number or name [1]: ")
    child.sendline("")
    child.expect_exact("forge will create:")
    for row in ("Project name   Pet Shop", "Project slug   pet_shop", "Description    Sells pets.",
                "Version        0.1.0", "Framework      flask", "Database       postgres",
                "Authentication jwt", "Directory      pet_shop"):  # fmt: skip
        child.expect_exact(row)
    child.expect_exact("Create it? [Y/n]: ")
    child.sendline("y")
    child.expect_exact("Created a flask project with postgres and jwt auth in pet_shop")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    record = read_record(tmp_path / "pet_shop")
    assert (record.framework, record.answers["database"], record.answers["auth"]) == (
        "flask",
        "postgres",
        "jwt",
    )
    assert record.answers["description"] == "Sells pets."
    assert sorted(path.name for path in tmp_path.iterdir()) == ["my_shop", "pet_shop"]


def test_no_at_the_end_leaves_nothing(tmp_path: Path, forge_new) -> None:
    child = forge_new("Pet Shop", "--framework", "django", "--database", "sqlite", "--auth", "none")

    for _ in range(3):  # slug, description, version: the rest was given
        child.expect(r"\[[^\]]+\]: ")
        child.sendline("")
    child.expect_exact("Create it? [Y/n]: ")
    child.sendline("n")
    child.expect_exact("forge: not created; nothing was written")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 1
    assert list(tmp_path.iterdir()) == []
