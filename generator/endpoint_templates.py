"""Reading a framework's endpoint templates: its Jinja files and its `edits.toml`.

`forge add-endpoint` renders them to grow a project; `forge remove-endpoint` renders the same
paths and edits to know what a resource consists of.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from generator.edits import Edit
from generator.errors import RenderFailedError
from generator.record import Record
from generator.resource import Resource
from generator.revisions import NextRevision, next_revision

__all__ = ["SUFFIX", "context", "environment", "read_edits", "render_files", "reported_as"]

SUFFIX = ".jinja"


def context(
    resource: Resource,
    record: Record,
    migration: NextRevision | None,
    created: str | None,
    targets: Mapping[str, Resource] | None = None,
) -> dict[str, Any]:
    """What the templates are rendered with: by default made now, the migration chained to the
    project's head; a replay (forge update) passes the recorded date and revision. `targets` are
    the resources its references lead to, each after the ones it refers to itself."""
    return {
        "resource": resource,
        "targets": dict(targets or {}),
        "project": dict(record.answers),
        "framework": record.framework,
        # Projects made before forge had users record no `auth`: they have none.
        "auth": record.answers.get("auth", "none"),
        "migration": migration or next_revision(record.project_dir),
        "created": created or datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        # A folder's Python modules, by name, sorted: a Django migration depends on the latest
        # migration of each app it refers to.
        "modules_in": lambda folder: _modules_in(record.project_dir / folder),
    }


def _modules_in(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.glob("*.py") if path.stem != "__init__")


def environment(folder: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def render_files(
    env: Environment, root: Path, context: dict[str, Any]
) -> Iterator[tuple[str, str]]:
    """Each file under `root`: its path and its content, both rendered."""
    for source in sorted(root.rglob(f"*{SUFFIX}")):
        relative = source.relative_to(root).as_posix()
        path = env.from_string(relative.removesuffix(SUFFIX)).render(context)
        content = env.get_template(source.relative_to(root.parent).as_posix()).render(context)
        yield path, content


def read_edits(env: Environment, manifest: Path, context: dict[str, Any]) -> list[Edit]:
    if not manifest.is_file():
        return []
    entries = tomllib.loads(manifest.read_text(encoding="utf-8")).get("edits", [])

    def rendered(value: Any) -> Any:
        if isinstance(value, list):
            return tuple(rendered(item) for item in value)
        return env.from_string(value).render(context) if isinstance(value, str) else value

    return [Edit(**{key: rendered(value) for key, value in entry.items()}) for entry in entries]


@contextmanager
def reported_as(framework: str) -> Iterator[None]:
    """Turn what Jinja and TOML raise while reading the endpoint templates into a ForgeError."""
    try:
        yield
    except (TemplateError, tomllib.TOMLDecodeError, TypeError) as error:
        raise RenderFailedError(framework, error) from error
