"""After a clean `forge update`, each skeleton (grown by two resources and changed by its team)
is still ruff-clean, keeps its team's change, and its migrations match its models; one
framework's own suite passes too."""

import subprocess
from pathlib import Path

import pytest

import generator.registry
from generator import add_endpoint, generate, update_project
from generator.registry import get_template
from tests.support.combinations import FRAMEWORKS, RESOURCES, Combination
from tests.support.project import BakedProject, clean_environment
from tests.support.versions import KEEPALIVE_AFTER, two_versions


def _git(path: Path, *args: str) -> None:
    identity = ["-c", "user.name=Team", "-c", "user.email=team@example.com"]
    subprocess.run(["git", *identity, *args], cwd=path, check=True, capture_output=True)


def _commit(path: Path, message: str) -> None:
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", message)


# The merge is forge's own code, the same for every template, and every template's grown suite
# runs elsewhere (test_add_endpoint.py): one framework's suite after the update proves the merged
# project still works, and the minute the other two would take is not in the suite's budget.
SUITE_AFTER_UPDATE = "flask"


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_updated_skeleton_stays_clean(
    framework: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older, newer = two_versions(tmp_path / "templates")
    monkeypatch.setattr(generator.registry, "templates_root", lambda: older)
    path = generate(f"Updated {framework}", framework, output_dir=tmp_path / "src")
    for name, fields in RESOURCES.items():
        add_endpoint(name, fields, project=path)
    _git(path, "init", "-q")
    _commit(path, "generated")
    config = path / "gunicorn.conf.py"
    config.write_text(config.read_text().replace("\ntimeout = 30\n", "\ntimeout = 60\n"))
    _commit(path, "the team's change")
    monkeypatch.setattr(generator.registry, "templates_root", lambda: newer)

    result = update_project(path)

    assert (result.conflicts, result.kept) == ([], [])
    text = config.read_text()
    assert "timeout = 60\n" in text and KEEPALIVE_AFTER in text
    project = BakedProject(path, Combination(framework, "sqlite"), get_template(framework).commands)
    assert project.run("install").returncode == 0
    for check in (["check", "."], ["format", "--check", "."]):
        linted = project.execute(["uv", "run", "ruff", *check, "--no-cache"])
        assert linted.returncode == 0, linted.stdout + linted.stderr
    if framework == SUITE_AFTER_UPDATE:
        tested = project.run("test", "-q", "-p", "no:cacheprovider", env=clean_environment())
        assert tested.returncode == 0, tested.stdout[-6000:] + tested.stderr[-3000:]
    database = clean_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'check.db'}")
    assert project.run("migrate", env=database).returncode == 0
    checked = project.run("check-migrations", env=database)
    assert checked.returncode == 0, checked.stdout + checked.stderr
