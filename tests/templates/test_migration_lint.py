"""A migration written by the framework's own tool (`alembic revision --autogenerate`, `flask db
migrate`, `makemigrations`) passes the project's lint as it is written, so a team's CI stays
green the day it changes a model."""

from pathlib import Path

import pytest

from generator import add_endpoint, generate
from generator.registry import get_template
from tests.support.combinations import FRAMEWORKS, Combination
from tests.support.project import BakedProject, clean_environment

pytestmark = pytest.mark.slow


def _files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*.py") if ".venv" not in path.parts}


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_migration_the_standard_tool_writes_is_lint_clean(framework: str, tmp_path: Path) -> None:
    combination = Combination(framework, "sqlite")
    path = generate("Lint", framework, output_dir=tmp_path, git=False)
    project = BakedProject(path, combination, get_template(framework).commands)
    plan = add_endpoint("notes", "title:str body:text? due:date? amount:decimal?", project=path)
    # The model is forge's; its migration is left for the framework's tool to write.
    [written] = [
        name for name in plan.created if "/migrations/" in f"/{name}" and "__init__" not in name
    ]
    (path / written).unlink()
    env = clean_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'lint.db'}")
    for step in ("install", "migrate"):
        done = project.run(step, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    before = _files(path)

    made = project.run("make-migration", env=env)

    assert made.returncode == 0, made.stdout + made.stderr
    new = _files(path) - before
    assert len(new) == 1 and "migrations" in new.pop().parts, made.stdout
    for check in (["check", "."], ["format", "--check", "."]):
        linted = project.execute(["uv", "run", "ruff", *check, "--no-cache"], env=env)
        assert linted.returncode == 0, linted.stdout + linted.stderr
