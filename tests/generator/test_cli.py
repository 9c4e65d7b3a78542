"""The `forge` command as a person meets it: what it asks, prints, and exits with."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator import __version__, list_templates, read_record
from generator.cli import app
from generator.registry import get_template

runner = CliRunner()
FRAMEWORKS = ", ".join(template.name for template in list_templates())


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch) -> Path:
    """Each test runs in an empty directory of its own, with no terminal attached."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def at_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr("generator.cli.is_interactive", lambda: True)


BAD_INPUT = [
    pytest.param(["new", "", "--no-input"], 2,
                 "invalid project name '': it is empty; pass a name such as 'My Service'",
                 id="empty-name"),
    pytest.param(["new", "123abc", "--no-input"], 2,
                 "invalid project name '123abc': its slug '123abc' is not a Python identifier; "
                 "start the name with a letter",
                 id="leading-digit"),
    pytest.param(["new", "class", "--no-input"], 2,
                 "invalid project name 'class': its slug 'class' is a Python keyword; "
                 "add a word, as in 'class_service'",
                 id="keyword"),
    pytest.param(["new", "json", "--no-input"], 2,
                 "invalid project name 'json': its slug 'json' is a standard library module; "
                 "add a word, as in 'json_service'",
                 id="stdlib"),
    pytest.param(["new", "fastapi", "--no-input"], 2,
                 "invalid project name 'fastapi': its slug 'fastapi' is a package the skeletons "
                 "depend on; add a word, as in 'fastapi_service'",
                 id="dependency"),
    pytest.param(["new", "test", "--no-input"], 2,
                 "invalid project name 'test': its slug 'test' is the name of the tests package; "
                 "add a word, as in 'test_service'",
                 id="tests-package"),
    pytest.param(["new", "demo", "--framework", "rails", "--no-input"], 2,
                 f"unknown framework 'rails'; choose one of: {FRAMEWORKS}",
                 id="unknown-framework"),
    pytest.param(["new", "demo", "--framework", "", "--no-input"], 2,
                 f"unknown framework ''; choose one of: {FRAMEWORKS}",
                 id="empty-framework"),
    pytest.param(["new", "demo", "--database", "oracle", "--no-input"], 2,
                 "unknown database 'oracle' for fastapi; choose one of: sqlite, postgres",
                 id="unknown-database"),
    pytest.param(["new", "--no-input"], 2,
                 "missing the project NAME; pass it, as in `forge new 'My Service'`",
                 id="missing-name"),
    pytest.param(["new"], 2,
                 "missing the project NAME; pass it, as in `forge new 'My Service'`",
                 id="missing-name-without-terminal"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "status", "message"), BAD_INPUT)
def test_bad_input_is_one_line_on_stderr_and_writes_nothing(
    workdir: Path, tree, args: list[str], status: int, message: str
) -> None:
    result = runner.invoke(app, args)

    assert (result.exit_code, result.stderr, result.stdout) == (
        status,
        f"forge: error: {message}\n",
        "",
    )
    assert tree(workdir) == set()


def test_an_existing_directory_is_refused_and_left_alone(workdir: Path, tree) -> None:
    (workdir / "demo").mkdir()
    (workdir / "demo" / "mine.txt").write_text("keep me")

    result = runner.invoke(app, ["new", "demo", "--no-input"])

    assert result.exit_code == 1
    assert result.stderr == (
        f"forge: error: {workdir / 'demo'} already exists; "
        "choose another name or --output-dir, or remove it first\n"
    )
    assert tree(workdir) == {"demo", "demo/mine.txt"}


def _success_output(
    where: str,
    project: Path,
    database: str = "sqlite",
    repository: str = "Made it a git repository with everything in a first commit.",
) -> str:
    # The files forge wrote: git's own are not counted.
    files = sum(
        path.is_file() and ".git" not in path.relative_to(project).parts
        for path in project.rglob("*")
    )
    steps = ["cd " + where, *get_template("fastapi").next_steps]
    return (
        f"Created a fastapi project with {database} in {where} ({files} files).\n{repository}\n"
        "\nNext steps:\n" + "".join(f"  {step}\n" for step in steps)
    )


def test_success_says_what_was_created_and_what_to_do_next(workdir: Path) -> None:
    result = runner.invoke(app, ["new", "My Shop", "--no-input"])

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == _success_output("my_shop", workdir / "my_shop")


def test_no_git_says_what_forge_update_will_need(workdir: Path) -> None:
    result = runner.invoke(app, ["new", "My Shop", "--no-input", "--no-git"])

    assert (result.exit_code, result.stderr) == (0, "")
    project = workdir / "my_shop"
    assert not (project / ".git").exists()
    assert result.stdout == _success_output(
        "my_shop", project, repository="No git repository (--no-git); `forge update` will need one."
    )


def test_without_git_it_says_how_to_make_the_repository(workdir: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(workdir / "no-tools"))

    result = runner.invoke(app, ["new", "My Shop", "--no-input"])

    assert result.exit_code == 0, result.stderr
    assert "git was not found, so there is no repository; `forge update` needs one: git init" in (
        result.stdout
    )


def test_output_dir_is_created_and_shown_relative(workdir: Path) -> None:
    result = runner.invoke(app, ["new", "demo", "-o", "sub/dir", "--database", "postgres"])

    assert result.exit_code == 0, result.stderr
    project = workdir / "sub" / "dir" / "demo"
    assert result.stdout == _success_output("sub/dir/demo", project, "postgres")
    assert read_record(project).answers["database"] == "postgres"


def test_an_output_dir_outside_the_current_one_is_shown_absolute(
    workdir: Path, monkeypatch
) -> None:
    (workdir / "here").mkdir()
    monkeypatch.chdir(workdir / "here")

    result = runner.invoke(app, ["new", "demo", "--output-dir", str(workdir / "there")])

    assert result.exit_code == 0, result.stderr
    project = workdir / "there" / "demo"
    assert result.stdout == _success_output(str(project), project)


def test_at_a_terminal_it_asks_for_what_is_missing(workdir: Path, at_a_terminal) -> None:
    result = runner.invoke(app, ["new"], input="My Shop\n\n\n")

    assert result.exit_code == 0, result.stderr
    assert "Project name: " in result.stdout
    assert f"Framework ({FRAMEWORKS}) [fastapi]: " in result.stdout
    assert "Database (sqlite, postgres) [sqlite]: " in result.stdout
    record = read_record(workdir / "my_shop")
    assert (record.framework, record.answers["database"]) == ("fastapi", "sqlite")


def test_at_a_terminal_a_refused_answer_is_asked_again(workdir: Path, at_a_terminal) -> None:
    result = runner.invoke(app, ["new"], input="class\nMy Shop\nrails\nfastapi\noracle\npostgres\n")

    assert result.exit_code == 0, result.stderr
    assert (
        "Error: invalid project name 'class': its slug 'class' is a Python keyword" in result.stdout
    )
    assert f"Error: unknown framework 'rails'; choose one of: {FRAMEWORKS}" in result.stdout
    assert "Error: unknown database 'oracle' for fastapi" in result.stdout
    assert read_record(workdir / "my_shop").answers["database"] == "postgres"


def test_at_a_terminal_only_what_is_missing_is_asked(workdir: Path, at_a_terminal) -> None:
    result = runner.invoke(app, ["new", "demo", "--framework", "fastapi"], input="postgres\n")

    assert result.exit_code == 0, result.stderr
    assert "Project name" not in result.stdout
    assert "Framework" not in result.stdout
    assert read_record(workdir / "demo").answers["database"] == "postgres"


def test_no_input_never_asks_even_at_a_terminal(workdir: Path, tree, at_a_terminal) -> None:
    result = runner.invoke(app, ["new", "--no-input"], input="My Shop\n")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert tree(workdir) == set()


def test_list_shows_each_framework_with_its_options() -> None:
    result = runner.invoke(app, ["list"])

    assert result.exit_code == 0
    fastapi = get_template("fastapi")
    assert (
        f"fastapi: {fastapi.description}\n  --database: sqlite (default), postgres\n"
        in result.stdout
    )
    assert [line.split(":")[0] for line in result.stdout.splitlines() if line[0] != " "] == [
        template.name for template in list_templates()
    ]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])

    assert (result.exit_code, result.stdout) == (0, f"forge {__version__}\n")


def _complete(command_line: str) -> list[str]:
    """What bash completion offers for the last word of `command_line`."""
    words = command_line.split(" ")
    env = {"_FORGE_COMPLETE": "complete_bash", "COMP_WORDS": command_line,
           "COMP_CWORD": str(len(words) - 1)}  # fmt: skip
    result = runner.invoke(app, [], env=env, prog_name="forge")
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_completion_offers_the_frameworks() -> None:
    assert _complete("forge new --framework ") == [t.name for t in list_templates()]
    assert _complete("forge new -f fa") == ["fastapi"]


def test_completion_offers_the_chosen_frameworks_databases() -> None:
    assert _complete("forge new --framework fastapi --database ") == ["sqlite", "postgres"]
    assert _complete("forge new --database p") == ["postgres"]
