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
AUTH_HELP = get_template("fastapi").prompts["auth"]


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
    pytest.param(["new", "demo", "--slug", "Demo", "--no-input"], 2,
                 "invalid project slug 'Demo': a slug is lowercase letters, digits and _, "
                 "starting with a letter; as in 'demo'",
                 id="bad-slug"),
    pytest.param(["new", "demo", "--slug", "app", "--no-input"], 2,
                 "invalid project slug 'app': it is a package of the skeletons' own; "
                 "add a word, as in 'app_service'",
                 id="clashing-slug"),
    pytest.param(["new", "demo", "--description", "two\nlines", "--no-input"], 2,
                 "invalid description 'two\\nlines': it has a line break or a control "
                 "character; write one line of plain text",
                 id="bad-description"),
    pytest.param(["new", "demo", "--project-version", "v1", "--no-input"], 2,
                 "invalid version 'v1': it is not a PEP 440 version in its normal form; "
                 "write it as in 0.1.0, 1.0.0rc1 or 2.3.dev0",
                 id="bad-version"),
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
    auth: str = "jwt auth",
    repository: str = "Made it a git repository with everything in a first commit.",
) -> str:
    # The files forge wrote: git's own are not counted.
    files = sum(
        path.is_file() and ".git" not in path.relative_to(project).parts
        for path in project.rglob("*")
    )
    steps = ["cd " + where, *get_template("fastapi").next_steps]
    return (
        f"Created a fastapi project with {database} and {auth} in {where} ({files} files).\n"
        f"{repository}\n"
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


def _menu(chosen: str = "fastapi") -> str:
    """The framework menu as `forge new` prints it, `chosen` marked as the default."""
    templates = list_templates()
    shown = [f"{t.name} (default)" if t.name == chosen else t.name for t in templates]
    width = max(map(len, shown))
    return "".join(
        f"  {number}. {name:<{width}}  {template.description}\n"
        for number, (name, template) in enumerate(zip(shown, templates, strict=True), start=1)
    )


def test_at_a_terminal_it_asks_every_question_with_its_help_and_default(
    workdir: Path, at_a_terminal
) -> None:
    result = runner.invoke(app, ["new"], input="\n" * 8)

    assert result.exit_code == 0, result.stderr
    project = workdir / "my_service"
    assert result.stdout == (
        "Project name (The project's name) [My Service]: \n"
        "Project slug (The Python package and directory name) [my_service]: \n"
        "Description (One line saying what the service does) [A production-ready HTTP API.]: \n"
        "Version (The project's first version) [0.1.0]: \n"
        "Framework (Which skeleton):\n" + _menu() + "Number or name [2]: \n"
        "Database (Which database):\n"
        "  1. sqlite (default)\n"
        "  2. postgres\n"
        "Number or name [1]: \n"
        f"Authentication ({AUTH_HELP}):\n"
        "  1. jwt (default)\n"
        "  2. none\n"
        "Number or name [1]: \n"
        "\n"
        "forge will create:\n"
        "  Project name   My Service\n"
        "  Project slug   my_service\n"
        "  Description    A production-ready HTTP API.\n"
        "  Version        0.1.0\n"
        "  Framework      fastapi\n"
        "  Database       sqlite\n"
        "  Authentication jwt\n"
        "  Directory      my_service\n"
        "Create it? [Y/n]: \n" + _success_output("my_service", project)
    )
    record = read_record(project)
    assert record.answers == {
        "project_name": "My Service",
        "project_slug": "my_service",
        "description": "A production-ready HTTP API.",
        "version": "0.1.0",
        "database": "sqlite",
        "auth": "jwt",
    }


def test_at_a_terminal_the_help_is_the_templates_own(workdir: Path, at_a_terminal) -> None:
    result = runner.invoke(app, ["new"], input="\n" * 8)

    assert result.exit_code == 0, result.stderr
    prompts = get_template("fastapi").prompts
    assert set(prompts) == {
        "project_name", "project_slug", "description", "version", "framework", "database",
        "auth",
    }  # fmt: skip
    for help_text in prompts.values():
        assert f"({help_text})" in result.stdout


def test_at_a_terminal_every_answer_goes_into_the_project(workdir: Path, at_a_terminal) -> None:
    answers = ["Pet Shop", "pets_api", "Sells pets.", "1.2.0", "Flask", "2", "none", ""]
    result = runner.invoke(app, ["new"], input="".join(f"{answer}\n" for answer in answers))

    assert result.exit_code == 0, result.stderr
    assert "  Directory      pets_api\n" in result.stdout
    project = workdir / "pets_api"
    record = read_record(project)
    assert record.framework == "flask"
    assert record.answers == {
        "project_name": "Pet Shop",
        "project_slug": "pets_api",
        "description": "Sells pets.",
        "version": "1.2.0",
        "database": "postgres",
        "auth": "none",
    }
    assert '__version__ = "1.2.0"' in (project / "app" / "__init__.py").read_text()


def test_at_a_terminal_an_existing_directory_is_said_at_once_and_the_name_asked_again(
    workdir: Path, tree, at_a_terminal
) -> None:
    (workdir / "my_shop").mkdir()
    (workdir / "my_shop" / "mine.txt").write_text("keep me")

    result = runner.invoke(app, ["new"], input="My Shop\nPet Shop\n" + "\n" * 7)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [
        "Project name (The project's name) [My Service]: My Shop",
        "Error: my_shop already exists and forge never overwrites; choose another name",
        "Project name (The project's name) [My Service]: Pet Shop",
        "Project slug (The Python package and directory name) [pet_shop]: ",
    ]
    assert (workdir / "my_shop" / "mine.txt").read_text() == "keep me"
    assert {path.split("/")[0] for path in tree(workdir)} == {"my_shop", "pet_shop"}


def test_at_a_terminal_a_given_name_whose_directory_exists_is_asked_again(
    workdir: Path, at_a_terminal
) -> None:
    (workdir / "demo").mkdir()

    result = runner.invoke(app, ["new", "demo", "-f", "fastapi"], input="demo two\n" + "\n" * 6)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Error: demo already exists and forge never overwrites; choose another name",
        "Project name (The project's name) [My Service]: demo two",
    ]
    assert read_record(workdir / "demo_two").answers["project_name"] == "demo two"


def test_at_a_terminal_a_given_slug_whose_directory_exists_is_asked_again(
    workdir: Path, at_a_terminal
) -> None:
    (workdir / "shop").mkdir()

    result = runner.invoke(app, ["new", "Pet Shop", "--slug", "shop"], input="\n" * 7)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Error: shop already exists and forge never overwrites; choose another slug",
        "Project slug (The Python package and directory name) [pet_shop]: ",
    ]
    assert read_record(workdir / "pet_shop").answers["project_name"] == "Pet Shop"


def test_at_a_terminal_stopping_half_way_writes_nothing(workdir: Path, tree, at_a_terminal) -> None:
    result = runner.invoke(app, ["new"], input="My Shop\n")  # then the input ends, as on Ctrl-D

    assert result.exit_code == 1
    assert "Project slug" in result.stdout
    assert tree(workdir) == set()


def test_at_a_terminal_a_refused_answer_is_explained_and_asked_again(
    workdir: Path, at_a_terminal
) -> None:
    (workdir / "taken").mkdir()
    answers = [
        "class", "My Shop",  # name
        "My-Shop", "json", "taken", "shop_api",  # slug
        'Says "hi"', "Sells things.",  # description
        "one", "1.0",  # version
        "rails", "0", "4", "fastapi",  # framework
        "oracle", "postgres",  # database
        "oauth", "jwt",  # auth
        "",  # create it
    ]  # fmt: skip
    result = runner.invoke(app, ["new"], input="".join(f"{answer}\n" for answer in answers))

    assert result.exit_code == 0, result.stderr
    errors = [line for line in result.stdout.splitlines() if line.startswith("Error: ")]
    assert errors == [
        "Error: invalid project name 'class': its slug 'class' is a Python keyword; "
        "add a word, as in 'class_service'",
        "Error: invalid project slug 'My-Shop': a slug is lowercase letters, digits and _, "
        "starting with a letter; as in 'my_shop'",
        "Error: invalid project slug 'json': it is a standard library module; "
        "add a word, as in 'json_service'",
        "Error: taken already exists and forge never overwrites; choose another slug",
        'Error: invalid description \'Says "hi"\': it has a " or a \\; '
        "write one line of plain text",
        "Error: invalid version 'one': it is not a PEP 440 version in its normal form; "
        "write it as in 0.1.0, 1.0.0rc1 or 2.3.dev0",
        f"Error: 'rails' is neither a number from 1 to 3 nor one of: {FRAMEWORKS}",
        f"Error: '0' is neither a number from 1 to 3 nor one of: {FRAMEWORKS}",
        f"Error: '4' is neither a number from 1 to 3 nor one of: {FRAMEWORKS}",
        "Error: 'oracle' is neither a number from 1 to 2 nor one of: sqlite, postgres",
        "Error: 'oauth' is neither a number from 1 to 2 nor one of: jwt, none",
    ]
    record = read_record(workdir / "shop_api")
    assert (record.answers["project_slug"], record.answers["database"]) == ("shop_api", "postgres")


@pytest.mark.parametrize(
    ("framework", "database", "chosen"),
    [
        pytest.param("1", "2", ("django", "postgres"), id="numbers"),
        pytest.param("Flask", "SQLite", ("flask", "sqlite"), id="names-in-another-case"),
        pytest.param(" DJANGO ", " postgres", ("django", "postgres"), id="blanks-around"),
        pytest.param("", "", ("fastapi", "sqlite"), id="defaults"),
    ],
)
def test_at_a_terminal_a_menu_takes_a_number_or_a_name_in_any_case(
    workdir: Path, at_a_terminal, framework: str, database: str, chosen: tuple[str, str]
) -> None:
    result = runner.invoke(
        app, ["new", "demo", "--no-git"], input=f"\n\n\n{framework}\n{database}\n\n\n"
    )

    assert result.exit_code == 0, result.stderr
    record = read_record(workdir / "demo")
    assert (record.framework, record.answers["database"]) == chosen


def test_at_a_terminal_no_to_the_summary_writes_nothing(workdir: Path, tree, at_a_terminal) -> None:
    result = runner.invoke(app, ["new"], input="My Shop\n" + "\n" * 6 + "n\n")

    assert result.exit_code == 1
    assert "forge will create:\n  Project name   My Shop\n" in result.stdout
    assert result.stdout.endswith("  Directory      my_shop\nCreate it? [Y/n]: n\n")
    assert result.stderr == "forge: not created; nothing was written\n"
    assert tree(workdir) == set()


def test_at_a_terminal_only_what_is_missing_is_asked(workdir: Path, at_a_terminal) -> None:
    given = ["--slug", "demo_api", "--description", "A demo.", "--project-version", "2.0.0"]
    result = runner.invoke(
        app, ["new", "demo", "-f", "fastapi", *given], input="postgres\nnone\n\n"
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Database (Which database):\n")
    for label in ("Project name", "Project slug", "Description", "Version", "Framework"):
        assert f"{label} (" not in result.stdout
    assert "  Description    A demo.\n" in result.stdout
    record = read_record(workdir / "demo_api")
    assert record.answers == {
        "project_name": "demo",
        "project_slug": "demo_api",
        "description": "A demo.",
        "version": "2.0.0",
        "database": "postgres",
        "auth": "none",
    }


def test_at_a_terminal_nothing_missing_means_nothing_asked(workdir: Path, at_a_terminal) -> None:
    result = runner.invoke(
        app,
        ["new", "demo", "-f", "fastapi", "--database", "sqlite", "--auth", "jwt", "--slug", "demo",
         "--description", "A demo.", "--project-version", "0.1.0"],
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert result.stdout == _success_output("demo", workdir / "demo")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["class"], id="name"),
        pytest.param(["--framework", "rails"], id="framework"),
        pytest.param(["--database", "oracle"], id="database"),
        pytest.param(["--auth", "oauth"], id="auth"),
        pytest.param(["--slug", "My Shop"], id="slug"),
        pytest.param(["--project-version", "one"], id="version"),
    ],
)
def test_at_a_terminal_a_bad_command_line_value_stops_before_any_question(
    workdir: Path, tree, at_a_terminal, args: list[str]
) -> None:
    result = runner.invoke(app, ["new", *args], input="\n" * 8)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("forge: error: ")
    assert tree(workdir) == set()


def test_slug_description_and_version_can_be_given_without_a_terminal(workdir: Path) -> None:
    result = runner.invoke(
        app,
        ["new", "Pet Shop", "--slug", "shop", "--description", "Sells pets.",
         "--project-version", "1.2.0", "--no-input"],
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    project = workdir / "shop"
    assert result.stdout == _success_output("shop", project)
    assert read_record(project).answers == {
        "project_name": "Pet Shop",
        "project_slug": "shop",
        "description": "Sells pets.",
        "version": "1.2.0",
        "database": "sqlite",
        "auth": "jwt",
    }


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
        "  --auth: jwt (default), none\n" in result.stdout
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


def test_auth_none_is_recorded_and_said(workdir: Path) -> None:
    result = runner.invoke(app, ["new", "Open Shop", "--auth", "none", "--no-input"])

    assert (result.exit_code, result.stderr) == (0, "")
    project = workdir / "open_shop"
    assert result.stdout == _success_output("open_shop", project, auth="no auth")
    assert read_record(project).answers["auth"] == "none"


def test_completion_offers_the_auth_choices() -> None:
    assert _complete("forge new --auth ") == ["jwt", "none"]
    assert _complete("forge new --framework django --auth n") == ["none"]
