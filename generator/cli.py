"""The `forge` command: a thin shell that asks, calls the library, and reports.

Only this module and the command modules beside it (`cli_*.py`) print or exit. Every
ForgeError reaches one handler (`_ForgeGroup.invoke`), which prints it as one plain line on
stderr and exits with its status.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from generator import NewProject, Repository, new_project, read_record, update_project
from generator.cli_compare import compare
from generator.cli_endpoints import add_endpoint_command, remove_endpoint_command
from generator.cli_options import (
    ProjectOption,
    complete_auth,
    complete_database,
    complete_framework,
    shown_path,
)
from generator.cli_prompts import Answers, ask_new
from generator.errors import ForgeError, MissingProjectNameError
from generator.registry import DEFAULT_FRAMEWORK, get_template, list_templates
from generator.version import __version__

if TYPE_CHECKING:
    from generator.update import UpdateResult

__all__ = ["app", "is_interactive", "main"]


class _ForgeGroup(TyperGroup):
    """Turns a ForgeError from any command into `forge: error: <message>` and its exit status."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ForgeError as error:
            typer.echo(f"forge: error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    name="forge",
    cls=_ForgeGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def is_interactive() -> bool:
    """Whether a person is there to answer prompts."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"forge {__version__}")
        raise typer.Exit()


@app.callback()
def _forge(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show forge's version and exit.",
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
) -> None:
    """Generate web service skeletons that keep one HTTP contract, whatever the framework."""


@app.command()
def new(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME", help="Project name, e.g. 'My Service'; its slug names the directory."
        ),
    ] = None,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework",
            "-f",
            metavar="FRAMEWORK",
            help=f"Template to use [default: {DEFAULT_FRAMEWORK}].",
            autocompletion=complete_framework,
            show_default=False,
        ),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option(
            metavar="DATABASE",
            help="Database the project is set up for [default: the template's].",
            autocompletion=complete_database,
            show_default=False,
        ),
    ] = None,
    auth: Annotated[
        str | None,
        typer.Option(
            metavar="AUTH",
            help=(
                "jwt: users, tokens and ownership of rows; none: an open API"
                " [default: the template's, jwt]."
            ),
            autocompletion=complete_auth,
            show_default=False,
        ),
    ] = None,
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output-dir", "-o", metavar="DIR", help="Directory to create the project in."
        ),
    ] = Path("."),
    slug: Annotated[
        str | None,
        typer.Option(
            metavar="SLUG",
            help="Python package and directory name [default: NAME's, as in my_service].",
            show_default=False,
        ),
    ] = None,
    description: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="One line saying what the service does [default: the template's].",
            show_default=False,
        ),
    ] = None,
    project_version: Annotated[
        str | None,
        typer.Option(
            "--project-version",
            metavar="VERSION",
            help="The project's first version [default: the template's, 0.1.0].",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt: use the defaults for what is missing.")
    ] = False,
    git: Annotated[
        bool,
        typer.Option(
            "--git/--no-git",
            help="Make the project a git repository with a first commit (forge update needs one).",
        ),
    ] = True,
) -> None:
    """Create a project from a framework's template.

    At a terminal it asks for what is missing, shows the answers and asks before writing.
    Never overwrites a directory, and leaves nothing behind when it fails.
    """
    answers = Answers(name, slug, description, project_version, framework, database, auth)
    if not no_input and is_interactive():
        answers = ask_new(answers, output_dir)
    if answers.name is None:
        raise MissingProjectNameError()
    created = new_project(
        answers.name,
        DEFAULT_FRAMEWORK if answers.framework is None else answers.framework,
        slug=answers.slug,
        description=answers.description,
        version=answers.version,
        database=answers.database,
        auth=answers.auth,
        output_dir=output_dir,
        git=git,
    )
    _report_created(created)


@app.command("list")
def list_() -> None:
    """List the frameworks forge can generate, with their options."""
    for template in list_templates():
        typer.echo(f"{template.name}: {template.description}")
        for option in template.options.values():
            choices = [
                f"{choice} (default)" if choice == option.default else choice
                for choice in option.choices
            ]
            typer.echo(f"  --{option.name}: {', '.join(choices)}")


app.command("add-endpoint")(add_endpoint_command)
app.command("remove-endpoint")(remove_endpoint_command)


@app.command()
def update(
    project: ProjectOption = Path("."),
) -> None:
    """Merge the installed forge's template improvements into a generated project.

    Three-way, against what the older forge generated: your edits and added resources stay,
    template changes to lines you did not touch arrive, and where both changed the same lines
    the file gets conflict markers (exit status 1). Needs a clean git working tree.
    """
    result = update_project(project)
    _report_update(result)
    if result.conflicts:
        raise typer.Exit(1)


def _report_update(result: UpdateResult) -> None:
    where = shown_path(result.project)
    if result.up_to_date:
        typer.echo(f"{where} is up to date with the installed templates ({result.new_version}).")
        return
    typer.echo(f"Updated {where} from templates {result.old_version} to {result.new_version}.")
    rows = (
        ("merged  ", result.merged),
        ("added   ", result.added),
        ("removed ", result.removed),
        ("CONFLICT", result.conflicts),
        ("kept    ", result.kept),
    )
    for label, paths in rows:
        for path in paths:
            typer.echo(f"  {label} {path}")
    if result.kept:
        typer.echo("Kept: files you deleted or changed that the templates changed or removed.")
    if result.conflicts:
        typer.echo(
            f"Resolve the conflict markers in {len(result.conflicts)} file(s), "
            "then review with `git diff` and commit."
        )
    else:
        typer.echo("Review with `git diff`, run the tests, and commit.")


_REPOSITORY_LINES = {
    Repository.CREATED: "Made it a git repository with everything in a first commit.",
    Repository.NOT_ASKED: "No git repository (--no-git); `forge update` will need one.",
    Repository.NO_GIT: (
        "git was not found, so there is no repository; `forge update` needs one:"
        " git init && git add -A && git commit -m 'Generated by forge'"
    ),
    Repository.INSIDE_ANOTHER: (
        "It is inside another git repository: no repository of its own; commit it there."
    ),
}


def _report_created(created: NewProject) -> None:
    project = created.path
    record = read_record(project)
    files = sum(
        path.is_file() and ".git" not in path.relative_to(project).parts
        for path in project.rglob("*")
    )
    database = record.answers.get("database")
    auth = (
        "no auth"
        if record.answers.get("auth", "none") == "none"
        else f"{record.answers['auth']} auth"
    )
    where = shown_path(project)
    typer.echo(
        f"Created a {record.framework} project with {database} and {auth}"
        f" in {where} ({files} files)."
    )
    typer.echo(_REPOSITORY_LINES[created.repository])
    typer.echo("\nNext steps:")
    for step in (f"cd {shlex.quote(where)}", *get_template(record.framework).next_steps):
        typer.echo(f"  {step}")


app.command("compare")(compare)


def main() -> None:
    """Entry point of the `forge` console script."""
    app(prog_name="forge")
