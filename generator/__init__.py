"""forge: generate web service skeletons that keep one HTTP contract, whatever the framework.

The library never prints or exits; `generator.cli` is the shell around it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import ForgeError
from generator.record import Record, read_record
from generator.registry import DEFAULT_FRAMEWORK, Template, get_template, list_templates
from generator.render import render as _render  # keeps `generator.render` the module
from generator.repository import Repository
from generator.spec import ProjectSpec
from generator.version import __version__

if TYPE_CHECKING:
    from generator.endpoint import Plan
    from generator.update import UpdateResult

__all__ = [
    "ForgeError",
    "NewProject",
    "Record",
    "Repository",
    "Template",
    "__version__",
    "add_endpoint",
    "generate",
    "list_templates",
    "new_project",
    "read_record",
    "remove_endpoint",
    "update_project",
]


@dataclass(frozen=True)
class NewProject:
    """A project `new_project` created, and what became of its git repository."""

    path: Path
    repository: Repository


def new_project(
    name: str,
    framework: str = DEFAULT_FRAMEWORK,
    *,
    slug: str | None = None,
    description: str | None = None,
    version: str | None = None,
    database: str | None = None,
    auth: str | None = None,
    output_dir: str | os.PathLike[str] = ".",
    git: bool = True,
) -> NewProject:
    """Create project `name` from `framework`'s template inside `output_dir`, in a directory
    named by its slug.

    `slug` None derives it from `name` as the templates do; `description`, `version`,
    `database` and `auth` None take the template's defaults (`auth` "jwt": users, tokens and
    ownership; "none": an open API). With `git`, the project becomes a git
    repository with a first commit (unless git is missing or `output_dir` is already in a work
    tree). Bad answers raise a ForgeError before anything is written, and generation is all or
    nothing.
    """
    template = get_template(framework)
    spec = ProjectSpec.create(
        name,
        template,
        slug=slug,
        description=description,
        version=version,
        database=database,
        auth=auth,
        output_dir=output_dir,
        git=git,
    )
    path, repository = _render(spec, template)
    return NewProject(path, repository)


def generate(
    name: str,
    framework: str = DEFAULT_FRAMEWORK,
    *,
    slug: str | None = None,
    description: str | None = None,
    version: str | None = None,
    database: str | None = None,
    auth: str | None = None,
    output_dir: str | os.PathLike[str] = ".",
    git: bool = True,
) -> Path:
    """`new_project`, returning only the project's path."""
    created = new_project(
        name,
        framework,
        slug=slug,
        description=description,
        version=version,
        database=database,
        auth=auth,
        output_dir=output_dir,
        git=git,
    )
    return created.path


def add_endpoint(
    name: str,
    fields: str,
    *,
    project: str | os.PathLike[str] = ".",
    dry_run: bool = False,
    singular: str | None = None,
    owned: bool = False,
) -> Plan:
    """Add resource `name` with `fields` ("title:str due:date?") to the project `project` is in,
    and return the plan written (or, with `dry_run`, only worked out). `owned` makes its rows
    belong to the user who creates them, as tasks do (a project with `auth` jwt only).

    Bad input raises a ForgeError before anything is written; a failure half-way leaves the
    project as it was.
    """
    # Imported here: libcst and inflect take a while to import, and `forge new` needs neither.
    from generator.endpoint import add_endpoint as add

    return add(name, fields, project=project, dry_run=dry_run, singular=singular, owned=owned)


def remove_endpoint(
    name: str, *, project: str | os.PathLike[str] = ".", dry_run: bool = False
) -> Plan:
    """Remove resource `name` (one added by `add_endpoint`, or the sample `tasks`) from the
    project `project` is in: its files and registrations go, a migration drops its table, and
    its earlier migrations stay. Returns the plan written (or, with `dry_run`, worked out).

    Bad input raises a ForgeError before anything is written; a failure half-way leaves the
    project as it was.
    """
    from generator.removal import remove_endpoint as remove

    return remove(name, project=project, dry_run=dry_run)


def update_project(project: str | os.PathLike[str] = ".") -> UpdateResult:
    """Merge what the installed templates generate into the project `project` is in, three
    ways against its baseline; conflicts are left marked in the files and listed."""
    from generator.update import update_project as update

    return update(project)
