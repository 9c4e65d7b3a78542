"""The project's Alembic revisions, read from `migrations/versions/` without running Alembic.

A new resource's revision must chain to the one head; reading the files' `revision` and
`down_revision` assignments (with `ast`, never importing them) finds it offline and without the
project's environment.
"""

from __future__ import annotations

import ast
import uuid
from dataclasses import dataclass
from pathlib import Path

from generator.errors import MigrationHeadsError

__all__ = ["NextRevision", "next_revision"]

VERSIONS = Path("migrations") / "versions"


@dataclass(frozen=True)
class NextRevision:
    revision: str
    down_revision: str | None


def next_revision(project: Path) -> NextRevision | None:
    """The revision a new migration gets, chained to the head; None without Alembic."""
    versions = project / VERSIONS
    if not versions.is_dir():
        return None
    links = dict(_links(path) for path in sorted(versions.glob("*.py")))
    parents = {parent for down in links.values() for parent in down}
    heads = sorted(set(links) - parents)
    if len(heads) > 1 or (links and not heads):
        raise MigrationHeadsError(heads)
    head = heads[0] if heads else None
    return NextRevision(revision=_new_id(list(links)), down_revision=head)


def _links(path: Path) -> tuple[str, tuple[str, ...]]:
    """A revision file's id and the ids it follows."""
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and target.id in {"revision", "down_revision"}:
            values[target.id] = ast.literal_eval(value) if value is not None else None
    down = values.get("down_revision")
    parents = () if down is None else (down,) if isinstance(down, str) else tuple(down)  # type: ignore[arg-type]
    return str(values.get("revision")), parents


def _new_id(existing: list[str]) -> str:
    """The next number when the project numbers its revisions ("0001" -> "0002"), as forge's
    skeletons do, starting at "0001"; otherwise a random id, as `alembic revision` makes."""
    if not existing:
        return "0001"
    if all(revision.isdigit() for revision in existing):
        width = max(len(revision) for revision in existing)
        return str(max(int(revision) for revision in existing) + 1).zfill(width)
    return uuid.uuid4().hex[:12]
