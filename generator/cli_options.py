"""What several commands share: shell completion for their options, and how they show a path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from generator.errors import ForgeError
from generator.registry import Template, list_templates

__all__ = [
    "DryRunOption",
    "ProjectOption",
    "complete_auth",
    "complete_database",
    "complete_framework",
    "shown_path",
]


def shown_path(path: Path) -> str:
    """`path` as a person would type it from here: relative when below the current directory."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def complete_framework(incomplete: str) -> list[str]:
    return [t.name for t in _templates_or_none() if t.name.startswith(incomplete)]


def complete_database(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete_option("database", ctx, incomplete)


def complete_auth(ctx: typer.Context, incomplete: str) -> list[str]:
    return _complete_option("auth", ctx, incomplete)


def _complete_option(option: str, ctx: typer.Context, incomplete: str) -> list[str]:
    chosen = ctx.params.get("framework")
    choices = dict.fromkeys(  # every template's choices, in order, each once
        choice
        for template in _templates_or_none()
        if chosen in (None, template.name) and option in template.options
        for choice in template.options[option].choices
    )
    return [choice for choice in choices if choice.startswith(incomplete)]


def _templates_or_none() -> list[Template]:
    """Completion must never fail noisily inside a shell; no templates means no suggestions."""
    try:
        return list_templates()
    except ForgeError:
        return []


# The options the commands that work inside a project share.
ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", metavar="DIR", help="A directory inside the project.")
]
DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Show the files, the edits and the migration; write nothing."),
]
