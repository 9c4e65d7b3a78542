"""The record a generated project keeps at its root, so later commands know how it was made."""

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

__all__ = ["RECORD_FILE", "Record", "add_resource", "read_record", "write_record"]

RECORD_FILE = ".forge.json"


@dataclass(frozen=True)
class Record:
    """How a project was generated, as read back from its record."""

    project_dir: Path
    framework: str
    answers: Mapping[str, Any]
    forge_version: str
    template_version: str


def write_record(project_dir: Path, *, framework: str, answers: Mapping[str, Any]) -> Path:
    """Write the record into `project_dir`, stably formatted so that it diffs well in git."""
    record = {
        "forge_version": __version__,
        "framework": framework,
        # The templates ship inside forge, so forge's version is theirs until they have their own.
        "template_version": __version__,
        "answers": dict(answers),
    }
    path = project_dir / RECORD_FILE
    path.write_text(_dumps(record), encoding="utf-8")
    return path


def add_resource(text: str, resource: Resource) -> str:
    """The record `text` with `resource` added to its `resources`, as `forge add-endpoint` made
    it: later commands (updates) re-create the project from the answers and these."""
    record = json.loads(text)
    fields = " ".join(field.spec for field in resource.fields)
    record.setdefault("resources", []).append({"name": resource.plural, "fields": fields})
    return _dumps(record)


def _dumps(record: Mapping[str, Any]) -> str:
    """Stably formatted, so that the record diffs well in git."""
    return json.dumps(record, indent=2, sort_keys=True) + "\n"


def read_record(start: str | os.PathLike[str] = ".") -> Record:
    """Read the record of the project that `start` is in, looking upwards from `start`."""
    path = _find_record(Path(start).absolute())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Record(
            project_dir=path.parent,
            framework=data["framework"],
            answers=data["answers"],
            forge_version=data["forge_version"],
            template_version=data["template_version"],
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise NotAForgeProjectError(f"{path} is unreadable ({error!r})") from error


def _find_record(start: Path) -> Path:
    for directory in (start, *start.parents):
        if (candidate := directory / RECORD_FILE).is_file():
            return candidate
    raise NotAForgeProjectError(f"no {RECORD_FILE} in {start} or any directory above it")
