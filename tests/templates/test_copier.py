"""The repository is a copier template too: copier renders what forge renders, answers file aside.

Every supported combination is rendered twice, by forge (cookiecutter underneath) and by copier's
API from the root copier.yml, and the two trees must be the same files with the same bytes. Copier
runs offline here, from a folder on disk, and needs no `--trust`.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import copier
import pytest
import yaml
from slugify import slugify

from generator import add_endpoint, generate, read_record, update_project
from generator.errors import RenderedByCopierError
from tests.support.combinations import FRAMEWORKS, SUPPORTED, Combination

ROOT = Path(__file__).resolve().parents[2]
ANSWERS_FILE = ".copier-answers.yml"
# What only one engine writes: forge's record (and the baseline folder beside it), the git
# repository `forge new` makes, and copier's answers file. Everything else must be identical.
FORGE_ONLY = {".forge.json", ".forge", ".git"}
COPIER_ONLY = {ANSWERS_FILE}

Tree = dict[str, tuple[bytes, bool] | None]


def tree(root: Path, skipped: set[str]) -> Tree:
    """Every file (its bytes and whether it is executable) and folder below `root`, by relative
    POSIX path, but those under a top-level name in `skipped`."""
    found: Tree = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in skipped:
            continue
        if path.is_dir():
            found[relative.as_posix() + "/"] = None
        else:
            found[relative.as_posix()] = (path.read_bytes(), os.access(path, os.X_OK))
    return found


def copy_template(destination: Path, frameworks: tuple[str, ...] = FRAMEWORKS) -> Path:
    """The copier template as it is in the working tree, in a folder that is not a git repository.

    Given a path inside a git repository, copier renders a commit, not the files: by default the
    latest PEP 440 tag (the released templates, not the ones under test), and with
    `vcs_ref="HEAD"` the last commit plus a copy of the whole dirty working tree (`.venv` and any
    other untracked file included) committed in a temporary clone, with a DirtyLocalWarning. A
    plain folder holding just copier.yml and the templates is rendered as it is, quickly, whatever
    the repository's state.
    """
    destination.mkdir()
    shutil.copy2(ROOT / "copier.yml", destination / "copier.yml")
    for framework in frameworks:
        shutil.copytree(
            ROOT / "templates" / framework,
            destination / "templates" / framework,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    return destination


@pytest.fixture(scope="module")
def template_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_template(tmp_path_factory.mktemp("copier") / "template")


def copier_data(combination: Combination) -> dict[str, str]:
    return {"framework": combination.framework, **combination.context()}


@pytest.mark.parametrize("combination", SUPPORTED, ids=lambda combination: combination.id)
def test_copier_renders_what_forge_renders(
    combination: Combination, template_copy: Path, tmp_path: Path
) -> None:
    answers = combination.context()
    forged = generate(
        answers["project_name"],
        combination.framework,
        database=combination.database,
        auth=combination.auth,
        output_dir=tmp_path / "forge",
    )
    copied = tmp_path / "copier" / forged.name
    copier.run_copy(
        str(template_copy),
        copied,
        data=copier_data(combination),
        defaults=True,
        quiet=True,
        unsafe=False,
    )

    assert not (forged / ANSWERS_FILE).exists()  # cookiecutter skips the answers file's template
    forge_tree, copier_tree = tree(forged, FORGE_ONLY), tree(copied, COPIER_ONLY)
    assert len(forge_tree) > 20
    assert sorted(copier_tree) == sorted(forge_tree)
    assert [path for path in forge_tree if copier_tree[path] != forge_tree[path]] == []

    # Copier records the framework and every answer forge recorded, and nothing computed.
    recorded = yaml.safe_load((copied / ANSWERS_FILE).read_text(encoding="utf-8"))
    assert recorded == {
        "_src_path": str(template_copy),
        "framework": combination.framework,
        **read_record(forged).answers,
    }


def test_copier_asks_what_cookiecutter_asks() -> None:
    questions = yaml.safe_load((ROOT / "copier.yml").read_text(encoding="utf-8"))
    assert questions["framework"]["choices"] == list(FRAMEWORKS)
    # One wording for every question: copier's `help:` lines and each template's `__prompts__`
    # (which cookiecutter and `forge new` show) say the same, the framework's included, though
    # only copier.yml asks it.
    asked = [name for name, question in questions.items() if not name.startswith("_")
             and question.get("when") is not False]  # fmt: skip
    helps = {name: questions[name].get("help") for name in asked}
    for framework in FRAMEWORKS:
        cookiecutter_json = ROOT / "templates" / framework / "cookiecutter.json"
        variables = json.loads(cookiecutter_json.read_text(encoding="utf-8"))
        for name, default in variables.items():
            if name.startswith("_"):
                continue  # private to cookiecutter: never asked
            assert name in questions, f"{framework} asks {name}; copier.yml does not"
            if isinstance(default, list):  # a cookiecutter choice: the first is the default
                assert questions[name]["choices"] == default
                assert questions[name]["default"] == default[0]
            elif "{{" not in default:  # a derived default (the slug) is compared by rendering
                assert questions[name]["default"] == default
        assert variables["__prompts__"] == helps, f"{framework}: __prompts__ are not copier's help"


@pytest.mark.parametrize("name", ["My Service", "  Pet-Shop  API ", "Bob's 1,000 Widgets"])
def test_copier_derives_the_slug_as_cookiecutter_does(
    name: str, template_copy: Path, tmp_path: Path
) -> None:
    copier.run_copy(
        str(template_copy), tmp_path, data={"project_name": name}, defaults=True, quiet=True
    )

    recorded = yaml.safe_load((tmp_path / ANSWERS_FILE).read_text(encoding="utf-8"))
    assert recorded["framework"] == "fastapi"
    assert recorded["project_slug"] == slugify(name, separator="_")


@pytest.mark.parametrize("slug", ["class", "9lives", "my-service"])
def test_copier_refuses_a_slug_the_hook_refuses(
    slug: str, template_copy: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="not a usable Python name"):
        copier.run_copy(
            str(template_copy),
            tmp_path / "project",
            data={"project_name": "My Service", "project_slug": slug},
            defaults=True,
            quiet=True,
        )
    assert not (tmp_path / "project").exists()


GIT_IDENTITY = {
    f"GIT_{role}_{field}": value
    for role in ("AUTHOR", "COMMITTER")
    for field, value in (("NAME", "forge tests"), ("EMAIL", "tests@forge.invalid"))
}
GIT_OPTIONS = (
    "-c",
    "init.defaultBranch=main",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "tag.gpgsign=false",
)


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *GIT_OPTIONS, *args],
        cwd=cwd,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message)
    if tag:
        git(repo, "tag", tag)


def test_copier_update_brings_a_new_tag_into_a_project(tmp_path: Path) -> None:
    """A project copied from a tagged repository updates to its next tag, the answers kept."""
    template = copy_template(tmp_path / "template", ("flask",))
    git(template, "init", "--quiet")
    commit_all(template, "templates", tag="v1.0.0")
    project = tmp_path / "project"
    copier.run_copy(
        str(template),
        project,
        data={"framework": "flask", "project_name": "Pet Shop", "database": "postgres"},
        defaults=True,
        quiet=True,
    )
    recorded = yaml.safe_load((project / ANSWERS_FILE).read_text(encoding="utf-8"))
    assert recorded["_commit"] == "v1.0.0"
    git(project, "init", "--quiet")
    commit_all(project, "generated")
    add_endpoint("notes", "title:str", project=project)  # forge grows copier's project
    commit_all(project, "notes")
    registered = (project / "app/api/blueprints.py").read_text(encoding="utf-8")

    readme = template / "templates/flask/{{cookiecutter.project_slug}}/README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8") + "\nNew in {{ cookiecutter.version }}.\n",
        encoding="utf-8",
    )
    commit_all(template, "a line more", tag="v1.1.0")
    copier.run_update(project, defaults=True, overwrite=True, quiet=True)

    assert (project / "README.md").read_text(encoding="utf-8").endswith("\nNew in 0.1.0.\n")
    recorded = yaml.safe_load((project / ANSWERS_FILE).read_text(encoding="utf-8"))
    assert recorded["_commit"] == "v1.1.0"
    assert (recorded["framework"], recorded["database"]) == ("flask", "postgres")
    assert "DATABASE_URL=postgresql" in (project / ".env.example").read_text(encoding="utf-8")
    # The resource forge added, and its registration, came through copier's update.
    assert (project / "tests/test_notes.py").is_file()
    assert (project / "app/api/blueprints.py").read_text(encoding="utf-8") == registered


def test_forge_grows_a_project_copier_rendered(template_copy: Path, tmp_path: Path) -> None:
    combination = Combination("flask", "sqlite")
    project = tmp_path / "copied"
    copier.run_copy(
        str(template_copy), project, data=copier_data(combination), defaults=True, quiet=True
    )
    answers_before = (project / ANSWERS_FILE).read_bytes()

    plan = add_endpoint("notes", "title:str due:date?", project=project)
    again = add_endpoint("readings", "value:float", project=project / "app")

    assert (plan.framework, again.framework) == ("flask", "flask")
    assert all((project / path).is_file() for path in [*plan.created, *again.created])
    assert "tests/test_notes.py" in plan.created and "tests/test_readings.py" in again.created
    # Copier's answers file stays the project's only record, unchanged for `copier update`.
    assert not (project / ".forge.json").exists()
    assert (project / ANSWERS_FILE).read_bytes() == answers_before
    with pytest.raises(RenderedByCopierError, match="run `copier update` there"):
        update_project(project)
