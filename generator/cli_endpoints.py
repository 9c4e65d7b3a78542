"""`forge add-endpoint` and `forge remove-endpoint`: their options and what they report.

Commands of the CLI, kept apart from cli.py so that each module stays short; `generator.cli`
registers them.
"""

from __future__ import annotations

import difflib
import shlex
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from generator import add_endpoint, remove_endpoint
from generator.cli_options import DryRunOption, ProjectOption, shown_path
from generator.fields import FIELD_TYPES

if TYPE_CHECKING:
    from generator.endpoint import Plan

__all__ = ["add_endpoint_command", "remove_endpoint_command"]


def add_endpoint_command(
    resource: Annotated[
        str,
        typer.Argument(
            metavar="RESOURCE", help="Plural snake_case name, e.g. 'notes' or 'blog_posts'."
        ),
    ],
    fields: Annotated[
        str,
        typer.Option(
            "--fields",
            metavar="FIELDS",
            help=(
                "Space-separated name:type, ? after the type for optional, then :unique or"
                " :index, then =default, e.g. 'title:str:index due:date? pages:int=100"
                " author:ref(authors) status:enum(draft,published)=draft'."
                f" Types: {', '.join(FIELD_TYPES)}, ref(RESOURCE), enum(A,B,...)."
            ),
        ),
    ],
    project: ProjectOption = Path("."),
    dry_run: DryRunOption = False,
    singular: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="One row's name, for a plural forge does not know (media: --singular medium).",
            show_default=False,
        ),
    ] = None,
    owned: Annotated[
        bool,
        typer.Option(
            "--owned",
            help=(
                "Rows belong to the user who creates them, as tasks do: each user sees only"
                " their own, superusers all (projects with --auth jwt)."
            ),
        ),
    ] = False,
) -> None:
    """Add a CRUD resource (model, migration, schemas, routes, tests) to a generated project.

    With users (--auth jwt) its operations need a token, like the rest of /api. Writes every
    file or none, and never overwrites one.
    """
    plan = add_endpoint(
        resource, fields, project=project, dry_run=dry_run, singular=singular, owned=owned
    )
    if dry_run:
        _report_dry_run(plan, "add")
    else:
        _report_done(plan, "Added")


def _report_done(plan: Plan, done: str) -> None:
    where = shown_path(plan.project)
    preposition = "to" if done == "Added" else "from"
    typer.echo(
        f"{done} {plan.resource.plural} at {plan.resource.path} {preposition} {where}"
        f" ({plan.framework})."
    )
    for path in plan.deleted:
        typer.echo(f"  deleted {path}")
    for path in plan.created:
        typer.echo(f"  created {path}")
    for path in plan.edited:
        typer.echo(f"  edited  {path}")
    typer.echo("\nNext steps:")
    commands = plan.template.commands
    cd = [] if where == "." else [f"cd {shlex.quote(where)}"]
    for step in (*cd, commands["migrate"], commands["test"]):
        typer.echo(f"  {step}")


def _report_dry_run(plan: Plan, action: str) -> None:
    preposition = "to" if action == "add" else "from"
    typer.echo(
        f"Would {action} {plan.resource.plural} at {plan.resource.path} {preposition}"
        f" {shown_path(plan.project)} ({plan.framework}); nothing was written."
    )
    for path in plan.deleted:
        typer.echo(f"  would delete {path}")
    for path in plan.created:
        typer.echo(f"  would create {path}")
    for change in plan.changes:
        if change.after is None:
            continue  # a deletion, listed above
        if change.before is None and _is_migration(change.path):
            # What the database will run deserves a look before anything is written.
            typer.echo(f"  the migration {change.path}:")
            typer.echo(textwrap.indent(str(change.after).rstrip("\n"), "    "))
        if isinstance(change.before, bytes) or isinstance(change.after, bytes):
            typer.echo(f"  would edit   {change.path} (what forge generated, for updates)")
        elif change.before is not None and change.after is not None:
            typer.echo(f"  would edit   {change.path}:")
            diff = difflib.unified_diff(
                change.before.splitlines(keepends=True),
                change.after.splitlines(keepends=True),
                f"a/{change.path}",
                f"b/{change.path}",
            )
            typer.echo("".join(diff).rstrip("\n"))


def _is_migration(path: str) -> bool:
    """A migration a resource brings: Alembic's `migrations/versions/*.py` or a Django app's
    `migrations/0001_initial.py` (not the package's `__init__.py`)."""
    parts = path.split("/")
    return "migrations" in parts[:-1] and parts[-1].endswith(".py") and parts[-1] != "__init__.py"


def remove_endpoint_command(
    resource: Annotated[
        str,
        typer.Argument(metavar="RESOURCE", help="The resource to remove, e.g. 'notes' or 'tasks'."),
    ],
    project: ProjectOption = Path("."),
    dry_run: DryRunOption = False,
) -> None:
    """Remove a resource (one add-endpoint added, or the sample tasks) from a generated project.

    Its files and registrations go and a new migration drops its table; the migrations the
    databases have run stay. Refused while another resource refers to it. All or nothing.
    """
    plan = remove_endpoint(resource, project=project, dry_run=dry_run)
    if dry_run:
        _report_dry_run(plan, "remove")
    else:
        _report_done(plan, "Removed")
