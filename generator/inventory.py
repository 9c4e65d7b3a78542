"""The resources a generated project has now: the sample it started with (unless removed), then
what `forge add-endpoint` added and `forge remove-endpoint` did not take out again.

`add-endpoint` checks a new resource's references against them, and renders what it needs to
know of each target; `remove-endpoint` refuses to take out a resource another refers to.
"""

from __future__ import annotations

import tomllib
from typing import Any

from generator.fields import Field, parse_fields
from generator.record import Record
from generator.registry import Template
from generator.resource import Resource

__all__ = ["present_resources", "resources", "sample", "targets"]


def present_resources(record: Record, sample: str | None = None) -> dict[str, dict[str, Any]]:
    """The record's entries of the resources present, by name, in the order they came; `sample`
    (`name fields`, from the framework's removal.toml) is the skeleton's own."""
    present: dict[str, dict[str, Any]] = {}
    if sample is not None:
        name, fields = sample.split(" ", 1)
        # With users, the sample's rows belong to their creators.
        present[name] = {
            "name": name,
            "fields": fields,
            "owned": record.answers.get("auth") == "jwt",
        }
    for entry in record.resources:
        if entry.get("action") == "remove":
            present.pop(entry["name"], None)
        else:
            present[entry["name"]] = dict(entry)
    return present


def resources(record: Record, sample: str | None = None) -> dict[str, Resource]:
    """The resources present, as the templates see them."""
    return {
        name: Resource.existing(
            name,
            parse_fields(entry["fields"]),
            entry.get("singular"),
            owned=entry.get("owned", False) and record.answers.get("auth") == "jwt",
        )
        for name, entry in present_resources(record, sample).items()
    }


def targets(fields: tuple[Field, ...], present: dict[str, Resource]) -> dict[str, Resource]:
    """Every resource `fields` refer to, directly or through their targets' own references,
    each after the ones it refers to: a generated test makes a row of each in that order."""
    ordered: dict[str, Resource] = {}

    def visit(name: str) -> None:
        if name in ordered or name not in present:
            return
        for field in present[name].fields:
            if field.target is not None:
                visit(field.target)
        ordered[name] = present[name]

    for field in fields:
        if field.target is not None:
            visit(field.target)
    return ordered


def sample(template: Template) -> str | None:
    """The skeleton's own resource, `name fields`, as its removal.toml says (None without)."""
    manifest = template.path / "endpoint" / "removal.toml"
    if not manifest.is_file():
        return None
    value = tomllib.loads(manifest.read_text(encoding="utf-8")).get("sample")
    return value if isinstance(value, str) else None
