"""`forge add-endpoint` as a person uses it: what it writes, what it shows, what it refuses.

A real FastAPI project from `forge new` (rendering is offline and takes about a second); the
generated code itself is tested by tests/templates/test_add_endpoint.py in every framework.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import generator.endpoint
from generator import add_endpoint, generate, remove_endpoint
from generator.baseline import read_baseline
from generator.cli import app
from generator.errors import ForgeError
from generator.revisions import NextRevision, next_revision

FIELDS = "title:str body:text? priority:int done:bool due:date?"
Snapshot = dict[str, bytes]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate("Shop", "fastapi", output_dir=tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of a generated project for each test."""
    import shutil

    return Path(shutil.copytree(pristine, tmp_path / "shop"))


def _snapshot(root: Path) -> Snapshot:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    } | {str(path.relative_to(root)) + "/": b"" for path in root.rglob("*") if path.is_dir()}


def _forge(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_it_adds_the_resource_and_says_what_it_did_and_what_is_next(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "app")  # anywhere inside the project

    code, out, err = _forge("add-endpoint", "notes", "--fields", FIELDS)

    assert (code, err) == (0, "")
    assert out.startswith("Added notes at /api/notes to ")
    created = [line.split()[1] for line in out.splitlines() if line.startswith("  created ")]
    edited = [line.split()[1] for line in out.splitlines() if line.startswith("  edited ")]
    assert created and all((project / path).is_file() for path in created)
    assert "tests/test_notes.py" in created
    assert "app/api/router.py" in edited and ".forge.json" in edited
    assert out.rstrip().endswith("uv run alembic upgrade head\n  uv run pytest")
    router = (project / "app" / "api" / "router.py").read_text()
    assert "notes" in router.split("from app.api.routes import ")[1].splitlines()[0]
    # The baseline `forge update` merges against has the resource as forge wrote it.
    baseline = read_baseline(project)
    assert baseline is not None
    assert baseline["tests/test_notes.py"] == (project / "tests" / "test_notes.py").read_bytes()
    assert baseline["app/api/router.py"] == router.encode()


def test_the_record_lists_the_resources_added(project: Path) -> None:
    add_endpoint("notes", FIELDS, project=project)
    add_endpoint("blog_posts", "title:str", project=project)

    record = json.loads((project / ".forge.json").read_text())

    notes, posts = record["resources"]
    assert (notes["name"], notes["fields"]) == ("notes", FIELDS)
    assert (posts["name"], posts["fields"]) == ("blog_posts", "title:str")
    # How each was made, for `forge update` to make it again the same way.
    assert notes["migration"] == {"revision": "0002", "down_revision": "0001"}
    assert posts["migration"] == {"revision": "0003", "down_revision": "0002"}
    assert datetime.strptime(notes["created"], "%Y-%m-%d %H:%M:%S")


def test_two_resources_chain_their_migrations(project: Path) -> None:
    add_endpoint("notes", FIELDS, project=project)
    add_endpoint("readings", "value:float", project=project)

    versions = sorted(path.name for path in (project / "migrations" / "versions").glob("*.py"))

    assert versions == [
        "0000_create_users.py",
        "0001_create_tasks.py",
        "0002_create_notes.py",
        "0003_create_readings.py",
    ]
    # One chain, 0000 <- 0001 <- 0002 <- 0003: a wrong down_revision would leave two heads.
    assert next_revision(project) == NextRevision(revision="0004", down_revision="0003")


def test_dry_run_shows_the_files_and_the_edits_and_writes_nothing(project: Path) -> None:
    before = _snapshot(project)

    code, out, err = _forge(
        "add-endpoint", "notes", "--fields", FIELDS, "-p", str(project), "--dry-run"
    )

    assert (code, err) == (0, "")
    assert _snapshot(project) == before
    assert "nothing was written" in out.splitlines()[0]
    assert "  would create tests/test_notes.py" in out
    assert "  would edit   app/api/router.py:" in out
    assert "+api_router.include_router(notes.router)" in out
    assert "--- a/app/api/router.py" in out and "+++ b/app/api/router.py" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["notes", "--fields", "title:strr"], 2,
         "unknown type 'strr' for field 'title'; choose one of: str, text, int, float, decimal, "
         "bool, date, datetime, uuid"),
        (["notes", "--fields", "title:str title:int"], 2,
         "invalid field 'title': it is given twice; name each field once"),
        (["notes", "--fields", "Title:str"], 2, "invalid field 'Title': a name is lower-case"),
        (["notes", "--fields", "class:str"], 2, "invalid field 'class': it is a Python keyword"),
        (["notes", "--fields", "order:int"], 2, "invalid field 'order': it is an SQL reserved"),
        (["notes", "--fields", "id:int"], 2, "invalid field 'id': every resource has it already"),
        (["notes", "--fields", "title"], 2, "invalid field 'title': it has no type"),
        (["notes", "--fields", " "], 2, "invalid --fields: no fields given"),
        (["note", "--fields", "title:str"], 2,
         "invalid resource name 'note': forge does not know it as a plural; did you mean 'notes'?"),
        (["tasks", "--fields", "title:str"], 2,
         "invalid resource name 'tasks': the skeleton uses that name"),
        (["health", "--fields", "title:str"], 2, "invalid resource name 'health'"),
        (["api", "--fields", "title:str"], 2, "invalid resource name 'api'"),
        (["sessions", "--fields", "title:str"], 2, "invalid resource name 'sessions'"),
        (["global", "--fields", "title:str"], 2,
         "invalid resource name 'global': Python has that name already"),
        (["types", "--fields", "title:str"], 2,
         "invalid resource name 'types': Python has that name already"),
        (["Blog-Posts", "--fields", "title:str"], 2, "invalid resource name 'Blog-Posts'"),
        (["books", "--fields", "title:str author:ref(writers)"], 2,
         "invalid field 'author': the project has no resource 'writers'; add it first (the"
         " project has: tasks)"),
        (["categories", "--fields", "parent:ref(categories)?"], 2,
         "invalid field 'parent': a resource cannot refer to itself"),
        (["books", "--fields", "pages:int=many"], 2,
         "invalid field 'pages': default 'many' is not a 64-bit integer"),
        (["books", "--fields", "status:enum()"], 2,
         "invalid field 'status': its enum has no values"),
        (["books", "--fields", "status:enum(a,b,a)"], 2,
         "invalid field 'status': its enum has 'a' twice"),
        (["books", "--fields", "body:text:unique"], 2,
         "invalid field 'body': unique does not fit a text field"),
    ],
    ids=["unknown-type", "duplicate-field", "bad-field-name", "keyword-field", "sql-field",
         "reserved-field", "no-type", "no-fields", "not-plural", "tasks", "health", "api",
         "django-app", "keyword", "stdlib", "bad-resource-name", "unknown-target",
         "self-reference", "bad-default", "empty-enum", "repeated-enum", "unfit-modifier"],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(
    project: Path, args: list[str], code: int, message: str
) -> None:
    before = _snapshot(project)

    exit_code, out, err = _forge("add-endpoint", *args, "--project", str(project))

    assert exit_code == code
    assert err.startswith(f"forge: error: {message}")
    assert err.count("\n") == 1 and out == ""
    assert _snapshot(project) == before


def test_an_existing_resource_is_refused(project: Path) -> None:
    add_endpoint("notes", FIELDS, project=project)
    before = _snapshot(project)

    code, _, err = _forge("add-endpoint", "notes", "--fields", "title:str", "-p", str(project))

    assert code == 1
    assert err.startswith("forge: error: cannot add 'notes': ")
    assert "exists already; choose another resource name" in err
    assert _snapshot(project) == before


def test_a_module_of_the_users_with_that_name_is_never_overwritten(project: Path) -> None:
    mine = project / "app" / "api" / "routes" / "widgets.py"
    mine.write_text("# my own code\n")
    before = _snapshot(project)

    code, _, err = _forge("add-endpoint", "widgets", "--fields", "title:str", "-p", str(project))

    assert code == 1
    assert "cannot add 'widgets': app/api/routes/widgets.py exists already" in err
    assert _snapshot(project) == before


def test_a_directory_that_is_no_project_is_refused(tmp_path: Path) -> None:
    code, _, err = _forge("add-endpoint", "notes", "--fields", FIELDS, "-p", str(tmp_path))

    assert code == 1
    assert err.startswith(
        "forge: error: not a forge project: no .forge.json (or copier's .copier-answers.yml) in "
    )
    assert list(tmp_path.iterdir()) == []


def test_a_restructured_registration_is_refused_with_what_to_do(project: Path) -> None:
    router = project / "app" / "api" / "router.py"
    router.write_text(router.read_text().replace("api_router", "routes"))
    before = _snapshot(project)

    code, _, err = _forge("add-endpoint", "notes", "--fields", FIELDS, "-p", str(project))

    assert code == 1
    assert err == (
        "forge: error: cannot add 'notes': app/api/router.py has no "
        "`api_router.include_router(...)` call nor an assignment of its object any more; put one"
        " back, or add `api_router.include_router(notes.router)` there yourself; nothing was"
        " written\n"
    )
    assert _snapshot(project) == before


def test_with_no_router_left_the_first_comes_after_the_router(tmp_path: Path) -> None:
    # Without users there is no auth or users router either.
    project = generate("Open", "fastapi", auth="none", output_dir=tmp_path, git=False)
    router = project / "app" / "api" / "router.py"
    router.write_text(router.read_text().replace("api_router.include_router(tasks.router)\n", ""))

    add_endpoint("notes", FIELDS, project=project)

    lines = router.read_text().splitlines()
    created = next(i for i, line in enumerate(lines) if line.startswith("api_router = "))
    assert lines[created + 1] == "api_router.include_router(notes.router)"


@pytest.mark.parametrize("failing_write", [1, 3, -1], ids=["first", "third", "last"])
def test_a_failure_half_way_leaves_the_project_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch, failing_write: int
) -> None:
    before = _snapshot(project)
    plan = generator.endpoint.plan_endpoint("notes", FIELDS, project=project)
    failing = plan.changes[failing_write].path
    real_replace: Callable[[Path, str], None] = generator.endpoint._replace
    real_open = Path.open

    def broken_replace(target: Path, content: str) -> None:
        if target == project / failing:
            raise OSError(28, "No space left on device")
        real_replace(target, content)

    def broken_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == project / failing:
            raise OSError(28, "No space left on device")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(generator.endpoint, "_replace", broken_replace)
    monkeypatch.setattr(Path, "open", broken_open)

    with pytest.raises(OSError, match="No space left"):
        generator.endpoint.write_plan(plan)
    monkeypatch.undo()

    assert _snapshot(project) == before


def test_an_interrupt_half_way_leaves_the_project_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(project)
    real_replace = generator.endpoint._replace

    def interrupted(target: Path, content: str) -> None:
        real_replace(target, content)
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.endpoint, "_replace", interrupted)

    with pytest.raises(KeyboardInterrupt):
        add_endpoint("notes", FIELDS, project=project)

    assert _snapshot(project) == before


def test_the_library_raises_forge_errors_and_prints_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ForgeError):
        add_endpoint("note", FIELDS, project=project)
    plan = add_endpoint("notes", FIELDS, project=project, dry_run=True)

    assert capsys.readouterr() == ("", "")
    assert not (project / "tests" / "test_notes.py").exists()
    assert "tests/test_notes.py" in plan.created


# Where each framework registers a resource, and a restructuring that takes away what forge
# edits by: (file, old text, new text, what the refusal says is missing).
REGISTRATIONS = {
    "fastapi": ("app/api/router.py", "api_router", "routes",
                "has no `api_router.include_router(...)` call nor an assignment of its object"
                " any more"),
    "flask": ("app/api/blueprints.py", "app.register_blueprint(", "app.register(",
              "has no `app.register_blueprint(...)` call nor an assignment of its object any"
              " more"),
    "django": ("config/urls.py", "urlpatterns = [", "urlpatterns = api_urls + [",
               "has no module-level `urlpatterns = [...]` list any more"),
}  # fmt: skip


@pytest.mark.parametrize("framework", list(REGISTRATIONS))
def test_dry_run_in_every_framework_shows_the_registration_and_writes_nothing(
    tmp_path: Path, framework: str
) -> None:
    project = generate("Shop", framework, output_dir=tmp_path)
    before = _snapshot(project)

    code, out, err = _forge(
        "add-endpoint", "notes", "--fields", FIELDS, "-p", str(project), "--dry-run"
    )

    assert (code, err) == (0, "")
    assert _snapshot(project) == before
    assert f"  would edit   {REGISTRATIONS[framework][0]}:" in out
    assert "  would create tests/test_notes.py" in out


@pytest.mark.parametrize("framework", list(REGISTRATIONS))
def test_every_framework_refuses_a_restructured_registration(
    tmp_path: Path, framework: str
) -> None:
    project = generate("Shop", framework, output_dir=tmp_path)
    path, old, new, missing = REGISTRATIONS[framework]
    registration = project / path
    registration.write_text(registration.read_text().replace(old, new))
    before = _snapshot(project)

    code, _, err = _forge("add-endpoint", "notes", "--fields", FIELDS, "-p", str(project))

    assert code == 1
    assert err.startswith(f"forge: error: cannot add 'notes': {path} {missing}; ")
    assert err.endswith("; nothing was written\n")
    assert _snapshot(project) == before


def test_a_plural_inflect_does_not_know_is_added_with_its_singular(project: Path) -> None:
    refused, _, said = _forge("add-endpoint", "media", "--fields", "title:str", "-p", str(project))
    code, out, err = _forge(
        "add-endpoint", "media", "--fields", "title:str", "--singular", "medium", "-p", str(project)
    )

    assert refused == 2 and "name one row with --singular" in said
    assert (code, err) == (0, "")
    assert "  created app/models/medium.py" in out.splitlines()
    assert "class Medium(" in (project / "app" / "models" / "medium.py").read_text()
    record = json.loads((project / ".forge.json").read_text())
    assert record["resources"][-1]["singular"] == "medium"


def test_owned_is_recorded_so_that_update_makes_it_again_the_same_way(project: Path) -> None:
    add_endpoint("notes", FIELDS, project=project, owned=True)
    add_endpoint("tags", "name:str", project=project)

    notes, tags = json.loads((project / ".forge.json").read_text())["resources"]

    assert notes["owned"] is True
    assert "owned" not in tags


def test_owned_in_a_project_without_users_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    project = generate("Open", "fastapi", auth="none", output_dir=tmp_path, git=False)
    before = _snapshot(project)

    code, out, err = _forge(
        "add-endpoint", "notes", "--fields", "title:str", "--owned", "--project", str(project)
    )

    assert (code, out) == (2, "")
    assert err == (
        "forge: error: cannot make 'notes' owned: the project has no users (it was generated"
        " with --auth none); drop --owned\n"
    )
    assert _snapshot(project) == before


@pytest.mark.parametrize("field", ["owner", "owner_id"])
def test_an_owned_resource_keeps_its_owner_field_to_itself(project: Path, field: str) -> None:
    before = _snapshot(project)

    code, out, err = _forge(
        "add-endpoint", "notes", "--fields", f"title:str {field}:int", "--owned",
        "--project", str(project),
    )  # fmt: skip

    assert (code, out) == (2, "")
    assert err.startswith(f"forge: error: invalid field {field!r}: an owned resource has it")
    assert _snapshot(project) == before


def test_a_resource_named_users_is_refused(project: Path) -> None:
    before = _snapshot(project)

    code, _, err = _forge(
        "add-endpoint", "users", "--fields", "name:str", "--project", str(project)
    )

    assert code == 2
    assert err == (
        "forge: error: invalid resource name 'users': the skeleton uses that name; choose another\n"
    )
    assert _snapshot(project) == before


def test_the_field_language_is_recorded_in_its_canonical_spelling(project: Path) -> None:
    """References reach the sample tasks and resources added since, through a chain; the
    record keeps each spec as `--fields` takes it back, so `forge update` makes it again."""
    add_endpoint("authors", "name:str:unique", project=project)
    add_endpoint(
        "books",
        "title:str?:index author:ref(authors) task:ref(tasks)? kind:enum(a,b)=b price:decimal=9.5",
        project=project,
    )

    books = json.loads((project / ".forge.json").read_text())["resources"][-1]
    model = (project / "app" / "models" / "book.py").read_text()
    assert books["fields"] == (
        "title:str?:index author:ref(authors) task:ref(tasks)? kind:enum(a,b)=b price:decimal=9.50"
    )
    assert 'ForeignKey("authors.id", ondelete="RESTRICT")' in model
    assert 'ForeignKey("tasks.id", ondelete="SET NULL")' in model


def test_a_reference_to_a_removed_resource_is_refused(project: Path) -> None:
    add_endpoint("authors", "name:str", project=project)
    remove_endpoint("authors", project=project)
    before = _snapshot(project)

    code, out, err = _forge(
        "add-endpoint", "books", "--fields", "author:ref(authors)", "-p", str(project)
    )

    assert code == 2 and out == ""
    assert "the project has no resource 'authors'" in err
    assert _snapshot(project) == before


def test_dry_run_shows_the_migration_it_would_write(project: Path) -> None:
    before = _snapshot(project)

    code, out, _ = _forge(
        "add-endpoint", "books", "--fields", "isbn:str:unique status:enum(a,b)", "-p",
        str(project), "--dry-run",
    )  # fmt: skip

    assert code == 0 and _snapshot(project) == before
    assert "  the migration migrations/versions/0002_create_books.py:" in out
    assert '        op.create_table(\n            "books",' in out
    assert "sa.CheckConstraint(\"status IN ('a', 'b')\"" in out
