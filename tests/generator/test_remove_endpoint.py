"""`forge remove-endpoint`: a resource's files and registrations go, a migration drops its table,
its earlier migrations stay, and the record, the baseline and the next `add-endpoint` agree.

Real projects from `forge new` (offline); the skeletons' own suites after a removal run in
tests/templates/test_add_endpoint.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import generator.endpoint
import generator.removal
from generator import add_endpoint, generate, remove_endpoint
from generator.baseline import read_baseline
from generator.cli import app
from generator.errors import ResourceNotFoundError, ResourceReferencedError

Snapshot = dict[str, bytes]
TASK_FILES = [
    "app/api/routes/tasks.py",
    "app/models/task.py",
    "app/schemas/task.py",
    "app/services/tasks.py",
    "tests/test_tasks.py",
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pristine")
    return {
        framework: generate("Shop", framework, output_dir=root / framework, git=False)
        for framework in ("fastapi", "django")
    }


@pytest.fixture
def project(pristine: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine["fastapi"], tmp_path / "shop"))


def _snapshot(root: Path) -> Snapshot:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_sample_goes_with_a_migration_that_drops_its_table(project: Path) -> None:
    plan = remove_endpoint("tasks", project=project)

    assert plan.deleted == TASK_FILES
    assert not any((project / path).exists() for path in TASK_FILES)
    assert plan.created == ["migrations/versions/0002_drop_tasks.py"]
    migration = (project / plan.created[0]).read_text()
    assert 'down_revision: str | None = "0001"' in migration
    assert 'op.drop_table("tasks")' in migration.split("def downgrade")[0]
    assert '"title", sa.String(length=200), nullable=False' in migration.split("def downgrade")[1]
    assert (project / "migrations/versions/0001_create_tasks.py").is_file()  # history stays
    router = (project / "app/api/router.py").read_text()
    assert "tasks" not in router and "api_router.include_router(users.router)\n" in router
    assert "task" not in (project / "app/models/__init__.py").read_text().split('"""')[-1]


def test_the_record_and_the_baseline_forget_it(project: Path) -> None:
    remove_endpoint("tasks", project=project)

    record = json.loads((project / ".forge.json").read_text())
    assert [(entry["name"], entry["action"]) for entry in record["resources"]] == [
        ("tasks", "remove")
    ]
    assert record["resources"][0]["migration"] == {"revision": "0002", "down_revision": "0001"}
    baseline = read_baseline(project)
    assert baseline is not None
    assert not set(TASK_FILES) & set(baseline)
    assert baseline["app/api/router.py"] == (project / "app/api/router.py").read_bytes()
    assert "migrations/versions/0002_drop_tasks.py" in baseline


def test_a_grown_resource_goes_and_the_next_one_registers_as_the_first(project: Path) -> None:
    remove_endpoint("tasks", project=project)
    add_endpoint("notes", "title:str", project=project)

    plan = remove_endpoint("notes", project=project)
    add_endpoint("readings", "value:float", project=project)

    assert plan.created == ["migrations/versions/0004_drop_notes.py"]
    router = (project / "app/api/router.py").read_text()
    assert router.endswith(
        "api_router.include_router(users.router)\napi_router.include_router(readings.router)\n"
    )
    assert "notes" not in router


def test_an_unknown_resource_is_refused_with_the_ones_there_are(project: Path) -> None:
    add_endpoint("notes", "title:str", project=project)
    before = _snapshot(project)

    with pytest.raises(ResourceNotFoundError) as caught:
        remove_endpoint("note", project=project)

    assert str(caught.value) == (
        "cannot remove 'note': the project has no such resource (it has: tasks, notes);"
        " check the name"
    )
    assert caught.value.exit_code == 2
    assert _snapshot(project) == before


def test_a_resource_another_refers_to_is_refused(project: Path) -> None:
    add_endpoint("notes", "title:str", project=project)
    add_endpoint("comments", "body:text note:ref(notes)?", project=project)
    before = _snapshot(project)

    with pytest.raises(ResourceReferencedError, match="comments refers to it"):
        remove_endpoint("notes", project=project)

    assert _snapshot(project) == before
    # Once the referring resource is gone, so is the refusal.
    remove_endpoint("comments", project=project)
    remove_endpoint("notes", project=project)


def test_dry_run_writes_nothing(project: Path) -> None:
    before = _snapshot(project)

    plan = remove_endpoint("tasks", project=project, dry_run=True)

    assert plan.deleted == TASK_FILES
    assert _snapshot(project) == before


@pytest.mark.parametrize("failing", [0, 5, -1], ids=["first-deletion", "an-edit", "the-record"])
def test_a_failure_half_way_leaves_the_project_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    before = _snapshot(project)
    plan = generator.removal.plan_removal("tasks", project=project)
    target = plan.changes[failing].path
    real_replace, real_unlink = generator.endpoint._replace, Path.unlink

    def replace(path: Path, content: str | bytes) -> None:
        if path == project / target:
            raise OSError("disk full")
        real_replace(path, content)

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path == project / target:
            raise OSError("disk full")
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(generator.endpoint, "_replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)

    with pytest.raises(OSError, match="disk full"):
        generator.endpoint.write_plan(plan)

    monkeypatch.undo()
    assert _snapshot(project) == before


def test_a_django_app_keeps_its_migrations_installed(
    pristine: dict[str, Path], tmp_path: Path
) -> None:
    project = Path(shutil.copytree(pristine["django"], tmp_path / "shop"))

    plan = remove_endpoint("tasks", project=project)

    assert plan.created == ["app/tasks/migrations/0002_delete_task.py"]
    migration = (project / plan.created[0]).read_text()
    assert '("tasks", "0001_initial")' in migration
    assert 'migrations.DeleteModel(\n            name="Task",\n        )' in migration
    remaining = sorted(str(p.relative_to(project)) for p in (project / "app/tasks").rglob("*.py"))
    assert remaining == [
        "app/tasks/__init__.py",
        "app/tasks/apps.py",
        "app/tasks/migrations/0001_initial.py",
        "app/tasks/migrations/0002_delete_task.py",
        "app/tasks/migrations/__init__.py",
    ]
    assert '"app.tasks"' in (project / "config/settings/base.py").read_text()
    assert "app.tasks.urls" not in (project / "config/urls.py").read_text()


def _forge(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_command_says_what_it_did_and_what_is_next(project: Path) -> None:
    code, out, err = _forge("remove-endpoint", "tasks", "-p", str(project))

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Removed tasks at /api/tasks from {project} (fastapi)."
    assert [line.split()[1] for line in lines if line.startswith("  deleted ")] == TASK_FILES
    assert "  created migrations/versions/0002_drop_tasks.py" in lines
    assert "  edited  app/api/router.py" in lines
    assert lines[-2:] == ["  uv run alembic upgrade head", "  uv run pytest"]


def test_the_dry_run_shows_deletions_and_diffs(project: Path) -> None:
    before = _snapshot(project)

    code, out, _ = _forge("remove-endpoint", "tasks", "-p", str(project), "--dry-run")

    assert code == 0
    assert out.startswith("Would remove tasks at /api/tasks from ")
    assert [line.split()[2] for line in out.splitlines() if "would delete" in line] == TASK_FILES
    assert "-api_router.include_router(tasks.router)" in out
    assert "would edit   app/api/routes/tasks.py" not in out
    assert _snapshot(project) == before


def test_an_unknown_resource_is_one_line_and_exit_2(project: Path) -> None:
    code, out, err = _forge("remove-endpoint", "notes", "-p", str(project))

    assert (code, out) == (2, "")
    assert err == (
        "forge: error: cannot remove 'notes': the project has no such resource (it has: tasks);"
        " check the name\n"
    )
