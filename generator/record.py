"""The record a generated project keeps at its root, so later commands know how it was made.

forge writes `.forge.json`; a project rendered by copier from this repository has copier's
`.copier-answers.yml` instead, which holds the same answers and is read the same way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import NotAForgeProjectError
from generator.version import __version__

if TYPE_CHECKING:
    from generator.resource import Resource

__all__ = [
    "COPIER_ANSWERS_FILE",
    "RECORD_FILE",
    "Record",
    "add_resource",
    "read_record",
    "remove_resource",
    "with_versions",
    "write_record",
]

RECORD_FILE = ".forge.json"
COPIER_ANSWERS_FILE = ".copier-answers.yml"


@dataclass(frozen=True)
class Record:
    """How a project was generated, as read back from its record."""

    project_dir: Path
    framework: str
    answers: Mapping[str, Any]
    forge_version: str
    template_version: str
    resources: tuple[Mapping[str, Any], ...] = ()
    rendered_by: str = "forge"  # or "copier", whose answers file is then the record


def write_record(
    project_dir: Path, *, framework: str, answers: Mapping[str, Any], template_version: str
) -> Path:
    """Write the record into `project_dir`, stably formatted so that it diffs well in git."""
    record = {
        "forge_version": __version__,
        "framework": framework,
        "template_version": template_version,
        "answers": dict(answers),
    }
    path = project_dir / RECORD_FILE
    path.write_text(_dumps(record), encoding="utf-8")
    return path


def add_resource(
    text: str,
    resource: Resource,
    *,
    created: str,
    migration: Mapping[str, Any] | None,
    singular: str | None = None,
    owned: bool = False,
) -> str:
    """The record `text` with `resource` added to its `resources`, as `forge add-endpoint` made
    it, down to its migration's ids and date: `forge update` re-creates the same files."""
    record = json.loads(text)
    entry: dict[str, Any] = {
        "name": resource.plural,
        "fields": " ".join(field.spec for field in resource.fields),
        "created": created,
    }
    if migration is not None:
        entry["migration"] = dict(migration)
    if singular is not None:  # named by the person: inflect may not know the word
        entry["singular"] = singular
    if owned:
        entry["owned"] = True
    record.setdefault("resources", []).append(entry)
    return _dumps(record)


def remove_resource(
    text: str, name: str, *, created: str, migration: Mapping[str, Any] | None
) -> str:
    """The record `text` with the removal of resource `name` added to its `resources`, which
    are the project's history: `forge update` replays additions and removals in order."""
    record = json.loads(text)
    entry: dict[str, Any] = {"name": name, "action": "remove", "created": created}
    if migration is not None:
        entry["migration"] = dict(migration)
    record.setdefault("resources", []).append(entry)
    return _dumps(record)


def with_versions(text: str, template_version: str) -> str:
    """The record `text` as the installed forge and `template_version` would write it."""
    record = json.loads(text)
    record.update(forge_version=__version__, template_version=template_version)
    return _dumps(record)


def _dumps(record: Mapping[str, Any]) -> str:
    """Stably formatted, so that the record diffs well in git."""
    return json.dumps(record, indent=2, sort_keys=True) + "\n"


def read_record(start: str | os.PathLike[str] = ".") -> Record:
    """Read the record of the project that `start` is in, looking upwards from `start`."""
    path = _find_record(Path(start).absolute())
    if path.name == COPIER_ANSWERS_FILE:
        return _read_copier_answers(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Record(
            project_dir=path.parent,
            framework=data["framework"],
            answers=data["answers"],
            forge_version=data["forge_version"],
            template_version=data["template_version"],
            resources=tuple(data.get("resources", ())),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise NotAForgeProjectError(f"{path} is unreadable ({error!r})") from error


def _read_copier_answers(path: Path) -> Record:
    """The record of a project copier rendered: its answers, with the framework apart."""
    import yaml  # cookiecutter's dependency; only copier's projects need it

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        answers = {key: value for key, value in data.items() if not key.startswith("_")}
        return Record(
            project_dir=path.parent,
            framework=answers.pop("framework"),
            answers=answers,
            forge_version="",
            template_version=f"copier {data.get('_commit', 'unversioned')}",
            rendered_by="copier",
        )
    except (OSError, yaml.YAMLError, AttributeError, KeyError) as error:
        raise NotAForgeProjectError(f"{path} is unreadable ({error!r})") from error


def _find_record(start: Path) -> Path:
    for directory in (start, *start.parents):
        for name in (RECORD_FILE, COPIER_ANSWERS_FILE):
            if (candidate := directory / name).is_file():
                return candidate
    raise NotAForgeProjectError(
        f"no {RECORD_FILE} (or copier's {COPIER_ANSWERS_FILE}) in {start} or any directory above it"
    )
