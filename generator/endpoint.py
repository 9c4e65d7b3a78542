"""`forge add-endpoint`: grow a generated project by a whole CRUD resource, all or nothing.

Each framework's template folder has an `endpoint/` folder beside the project template:
`files/` (Jinja templates of the new files, paths included, `.jinja` stripped) and `edits.toml`
(the registrations in files the project has already, made by `generator.edits`). Everything is
worked out in memory first (`plan_endpoint`); `write_plan` then writes it, and puts every file
back as it was if anything fails half-way.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.baseline import BASELINE, pack, unpack
from generator.edits import Edit, apply_edit
from generator.endpoint_templates import context as render_context
from generator.endpoint_templates import environment, read_edits, render_files, reported_as
from generator.errors import (
    EditFailedError,
    EndpointTemplateMissingError,
    InvalidFieldsError,
    OwnedWithoutUsersError,
    ProjectChangedError,
    ResourceExistsError,
)
from generator.fields import check_references, parse_fields
from generator.inventory import resources, sample, targets
from generator.record import RECORD_FILE, add_resource, read_record
from generator.registry import Template, get_template
from generator.resource import Resource
from generator.revisions import NextRevision

__all__ = ["Change", "Plan", "add_endpoint", "plan_endpoint", "write_plan"]


@dataclass(frozen=True)
class Change:
    """One file of the plan: `before` is None for a file to create, `after` None for a file to
    delete. Text, but for forge's baseline, which is bytes."""

    path: str
    before: str | bytes | None
    after: str | bytes | None


@dataclass(frozen=True)
class Plan:
    project: Path
    framework: str
    resource: Resource
    changes: tuple[Change, ...]
    template: Template

    @property
    def created(self) -> list[str]:
        return [change.path for change in self.changes if change.before is None]

    @property
    def edited(self) -> list[str]:
        return [
            change.path
            for change in self.changes
            if change.before is not None and change.after is not None
        ]

    @property
    def deleted(self) -> list[str]:
        return [change.path for change in self.changes if change.after is None]


def add_endpoint(
    name: str,
    fields: str,
    *,
    project: str | os.PathLike[str] = ".",
    dry_run: bool = False,
    singular: str | None = None,
    owned: bool = False,
) -> Plan:
    """Add resource `name` with `fields` ("title:str due:date?") to the project `project` is in.

    Bad input raises a ForgeError before anything is written; `dry_run` only plans.
    """
    plan = plan_endpoint(name, fields, project=project, singular=singular, owned=owned)
    if not dry_run:
        write_plan(plan)
    return plan


def plan_endpoint(
    name: str,
    fields: str,
    *,
    project: str | os.PathLike[str] = ".",
    created: str | None = None,
    migration: NextRevision | None = None,
    singular: str | None = None,
    owned: bool = False,
) -> Plan:
    """Every file the resource creates and every edit it makes, worked out in memory.

    `created` and `migration` replay a resource as the record says it was made (forge update);
    by default it is made now, its migration chained to the project's head.
    """
    record = read_record(project)
    resource = Resource.create(name, parse_fields(fields), singular=singular, owned=owned)
    if owned and record.answers.get("auth") != "jwt":
        raise OwnedWithoutUsersError(resource.plural)
    if owned and (taken := {"owner", "owner_id"} & {field.name for field in resource.fields}):
        raise InvalidFieldsError(
            min(taken), "an owned resource has it already, for its owner", "choose another name"
        )
    template = get_template(record.framework)
    folder = template.path / "endpoint"
    if not (folder / "files").is_dir():
        raise EndpointTemplateMissingError(template.name, folder)
    project_dir = record.project_dir
    known = resources(record, sample(template))
    check_references(resource.fields, resource.plural, known)
    context = render_context(resource, record, migration, created, targets(resource.fields, known))
    with reported_as(template.name):
        env = environment(folder)
        created_files = [
            Change(path, None, content)
            for path, content in render_files(env, folder / "files", context)
        ]
        edits = read_edits(env, folder / "edits.toml", context)
    for change in created_files:
        if (project_dir / change.path).exists():
            raise ResourceExistsError(resource.plural, change.path)
    changes = [*created_files, *(_edited(project_dir, edit, resource) for edit in edits)]
    if (baseline := _baseline_change(project_dir, created_files, edits, resource)) is not None:
        changes.append(baseline)
    if record.rendered_by == "copier":  # copier's answers file stays the only record
        return Plan(project_dir, template.name, resource, tuple(changes), template)
    record_path = project_dir / RECORD_FILE
    before = record_path.read_text(encoding="utf-8")
    revision = context["migration"]
    after = add_resource(
        before,
        resource,
        created=context["created"],
        migration=None if revision is None else asdict(revision),
        singular=singular,
        owned=owned,
    )
    changes.append(Change(RECORD_FILE, before, after))
    return Plan(project_dir, template.name, resource, tuple(changes), template)


def _baseline_change(
    project: Path, created: list[Change], edits: list[Edit], resource: Resource
) -> Change | None:
    """The baseline with the resource added as forge writes it, edits made to the baseline's own
    version of each file (the team's version may differ); None without a baseline."""
    path = project / BASELINE
    if not path.is_file():
        return None
    before = path.read_bytes()
    files = unpack(before)
    for change in created:
        files[change.path] = str(change.after).encode()
    for edit in edits:
        if edit.file in files:
            with suppress(EditFailedError):  # a baseline forge cannot edit stays as it was
                source = files[edit.file].decode()
                files[edit.file] = apply_edit(source, edit, resource.plural).encode()
    return Change(BASELINE, before, pack(files))


def write_plan(plan: Plan) -> None:
    """Write every change of `plan`, or, if one fails (or is interrupted), none of them."""
    written: list[Change] = []
    made_dirs: list[Path] = []
    try:
        for change in plan.changes:
            target = plan.project / change.path
            if change.before is None:
                made_dirs += _make_parents(target)
                with target.open("xb") as file:
                    written.append(change)
                    file.write(_bytes(change.after or b""))
                continue
            if target.read_bytes() != _bytes(change.before):
                raise ProjectChangedError(change.path)
            written.append(change)
            if change.after is None:
                target.unlink()
            else:
                _replace(target, change.after)
    except BaseException:
        _undo(plan.project, written, made_dirs)
        raise


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode()


def _edited(project: Path, edit: Edit, resource: Resource) -> Change:
    path = project / edit.file
    if not path.is_file():
        raise EditFailedError(
            resource.plural, edit.file, "is missing", "forge registers resources there; restore it"
        )
    before = path.read_bytes().decode()
    return Change(edit.file, before, apply_edit(before, edit, resource.plural))


def _make_parents(target: Path) -> list[Path]:
    """Create `target`'s missing parent directories; return them, innermost first."""
    missing = [parent for parent in target.parents if not parent.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    return missing


def _replace(target: Path, content: str | bytes) -> None:
    """Replace `target`'s content atomically, keeping its permissions."""
    staging = target.with_name(f".{target.name}.forge-tmp")
    staging.write_bytes(_bytes(content))
    os.chmod(staging, target.stat().st_mode)
    os.replace(staging, target)


def _undo(project: Path, written: list[Change], made_dirs: list[Path]) -> None:
    for change in reversed(written):
        target = project / change.path
        if change.before is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_bytes(change.before))
        target.with_name(f".{target.name}.forge-tmp").unlink(missing_ok=True)
    for directory in made_dirs:  # innermost first
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()
