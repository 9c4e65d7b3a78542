"""`forge remove-endpoint`: take a resource out of a project again, all or nothing.

What a resource consists of is what `add-endpoint` would write for it today: the paths of the
framework's `endpoint/files/` and the registrations of its `edits.toml`, rendered for the
resource. Those files go and those registrations are taken out, except what the framework's
`endpoint/removal.toml` keeps (the migrations every database has been through, and whatever
must stay for a migration to run); `endpoint/removal/` adds the migration that drops the table.
The sample resource a skeleton starts with (`tasks`) is removed the same way.
"""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.baseline import BASELINE, pack, unpack
from generator.edits import Edit
from generator.endpoint import Change, Plan, write_plan
from generator.endpoint_templates import context as render_context
from generator.endpoint_templates import environment, read_edits, render_files, reported_as
from generator.errors import (
    EditFailedError,
    EndpointTemplateMissingError,
    ResourceNotFoundError,
    ResourceReferencedError,
)
from generator.fields import parse_fields
from generator.inventory import present_resources, targets
from generator.inventory import resources as present_as_resources
from generator.record import RECORD_FILE, Record, read_record, remove_resource
from generator.registry import Template, get_template
from generator.resource import Resource
from generator.revisions import NextRevision
from generator.unedits import revert_edit

__all__ = ["plan_removal", "remove_endpoint"]

NUMBERED = re.compile(r"(\d{4})_\w+\.py")


@dataclass(frozen=True)
class _Removal:
    """A framework's `endpoint/removal.toml`."""

    sample: str  # the skeleton's own resource, as `name:fields`
    keep: tuple[str, ...] = ()  # globs of the resource's files that stay
    keep_edits: tuple[str, ...] = ()  # files whose registration stays
    migrations: str | None = None  # a folder of numbered migrations the new one joins

    @property
    def sample_name(self) -> str:
        return self.sample.split(" ", 1)[0]

    @property
    def sample_fields(self) -> str:
        return self.sample.split(" ", 1)[1]


def remove_endpoint(
    name: str, *, project: str | os.PathLike[str] = ".", dry_run: bool = False
) -> Plan:
    """Remove resource `name` from the project `project` is in; `dry_run` only plans.

    Bad input raises a ForgeError before anything is written; a failure half-way leaves the
    project as it was.
    """
    plan = plan_removal(name, project=project)
    if not dry_run:
        write_plan(plan)
    return plan


def plan_removal(
    name: str,
    *,
    project: str | os.PathLike[str] = ".",
    created: str | None = None,
    migration: NextRevision | None = None,
) -> Plan:
    """Every file the removal deletes, edits and creates, worked out in memory.

    `created` and `migration` replay a removal as the record says it was made (forge update).
    """
    record = read_record(project)
    template = get_template(record.framework)
    folder = template.path / "endpoint"
    removal = _read_removal(template, folder)
    present = present_resources(record, removal.sample)
    if name not in present:
        raise ResourceNotFoundError(name, list(present))
    _refuse_references(name, present)
    entry = present[name]
    resource = Resource.existing(
        name, parse_fields(entry["fields"]), entry.get("singular"), owned=entry.get("owned", False)
    )
    project_dir = record.project_dir
    known = present_as_resources(record, removal.sample)
    context = render_context(resource, record, migration, created, targets(resource.fields, known))
    with reported_as(template.name):
        env = environment(folder)
        context["app_migration"] = _next_numbered(env, removal, context, project_dir)
        context["referrers"] = _referrers(name, record)
        paths = [path for path, _ in render_files(env, folder / "files", context)]
        edits = read_edits(env, folder / "edits.toml", context)
        keep = [env.from_string(pattern).render(context) for pattern in removal.keep]
        added = [
            Change(path, None, text)
            for path, text in render_files(env, folder / "removal", context)
        ]
    deleted = _deletions(project_dir, paths, keep)
    undone = [edit for edit in edits if edit.file not in removal.keep_edits]
    reverted = [
        change for edit in undone if (change := _reverted(project_dir, edit, resource)) is not None
    ]
    if not deleted and not reverted:  # removed by hand, or by a copier project's earlier run
        raise ResourceNotFoundError(name, [other for other in present if other != name])
    changes = [*deleted, *reverted, *added]
    baseline = _baseline_change(project_dir, [c.path for c in deleted], undone, added)
    if baseline is not None:
        changes.append(baseline)
    if record.rendered_by == "forge":  # copier's answers file stays the only record
        changes.append(_record_change(project_dir, resource, context))
    return Plan(project_dir, template.name, resource, tuple(changes), template)


def _read_removal(template: Template, folder: Path) -> _Removal:
    manifest = folder / "removal.toml"
    if not manifest.is_file():
        raise EndpointTemplateMissingError(template.name, manifest)
    with reported_as(template.name):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        return _Removal(
            sample=data["sample"],
            keep=tuple(data.get("keep", ())),
            keep_edits=tuple(data.get("keep_edits", ())),
            migrations=data.get("migrations"),
        )


def _refuse_references(name: str, present: dict[str, dict[str, Any]]) -> None:
    """Another resource's `ref(name)` field would lose its target (and its foreign key)."""
    for other, entry in present.items():
        if other != name and _refers_to(name, entry):
            raise ResourceReferencedError(name, other)


def _referrers(name: str, record: Record) -> list[str]:
    """The resources, removed since, that once referred to `name`: a migration dropping its
    table must come after theirs (Django orders migrations by their dependencies alone)."""
    referring = {
        entry["name"]
        for entry in record.resources
        if entry["name"] != name and _refers_to(name, entry)
    }
    return sorted(referring)


def _refers_to(name: str, entry: Mapping[str, Any]) -> bool:
    return re.search(rf":ref\({re.escape(name)}\)", entry.get("fields", "")) is not None


def _next_numbered(env: Any, removal: _Removal, context: dict[str, Any], project: Path) -> Any:
    """`{"number": "0002", "previous": "0001_initial"}` for a resource whose migrations are a
    numbered folder of its own (Django's apps); None for a project-wide history (Alembic)."""
    if removal.migrations is None:
        return None
    folder = project / env.from_string(removal.migrations).render(context)
    names = sorted(path.stem for path in folder.glob("*.py") if NUMBERED.fullmatch(path.name))
    number = int(names[-1][:4]) + 1 if names else 1
    return {"number": f"{number:04d}", "previous": names[-1] if names else None}


def _deletions(project: Path, paths: list[str], keep: list[str]) -> list[Change]:
    kept = [path for path in paths if any(fnmatch.fnmatch(path, pattern) for pattern in keep)]
    return [
        Change(path, (project / path).read_bytes(), None)
        for path in paths
        if path not in kept and (project / path).is_file()
    ]


def _reverted(project: Path, edit: Edit, resource: Resource) -> Change | None:
    path = project / edit.file
    if not path.is_file():
        return None  # the file is gone: nothing registers the resource there
    before = path.read_text(encoding="utf-8")
    after = revert_edit(before, edit, resource.plural)
    return None if after == before else Change(edit.file, before, after)


def _baseline_change(
    project: Path, deleted: list[str], undone: list[Edit], added: list[Change]
) -> Change | None:
    """The baseline as forge would have written it without the resource; None without one."""
    path = project / BASELINE
    if not path.is_file():
        return None
    before = path.read_bytes()
    files = unpack(before)
    for name in deleted:
        files.pop(name, None)
    for edit in undone:
        if edit.file in files:
            with suppress(EditFailedError):  # a baseline forge cannot read stays as it was
                source = files[edit.file].decode()
                files[edit.file] = revert_edit(source, edit, edit.file).encode()
    for change in added:
        files[change.path] = str(change.after).encode()
    return Change(BASELINE, before, pack(files))


def _record_change(project: Path, resource: Resource, context: dict[str, Any]) -> Change:
    record_path = project / RECORD_FILE
    before = record_path.read_text(encoding="utf-8")
    revision = context["migration"]
    after = remove_resource(
        before,
        resource.plural,
        created=context["created"],
        migration=None if revision is None else asdict(revision),
    )
    return Change(RECORD_FILE, before, after)
