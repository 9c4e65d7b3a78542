"""One project's OpenAPI documents compared across frameworks, without their human text."""

import difflib
import json
from typing import Any

__all__ = ["HUMAN_TEXT", "differences", "normalize"]

# Words for people, which each framework is free to phrase its own way.
HUMAN_TEXT = frozenset({"description", "summary", "title", "example", "examples"})


def normalize(node: Any, parent: str | None = None) -> Any:
    """The document without human text, and with what OpenAPI defines as equal made equal:
    `required` lists and a path's parameters in any order, `required: false` on a parameter
    (its default) and an empty parameter list. Nothing else is forgiven."""
    if isinstance(node, list):
        return [normalize(item) for item in node]
    if not isinstance(node, dict):
        return node
    normalized = {}
    for key, value in node.items():
        # Under `properties` the keys are field names: a field may well be called `title`.
        if key in HUMAN_TEXT and parent != "properties":
            continue
        if key == "parameters" and isinstance(value, list):
            if value:
                normalized[key] = _parameters(value)
            continue
        if key == "required" and isinstance(value, list):
            normalized[key] = sorted(value)
            continue
        normalized[key] = normalize(value, key)
    return normalized


def _parameters(parameters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    normalized = [normalize(parameter) for parameter in parameters]
    for parameter in normalized:
        if parameter.get("required") is False:
            del parameter["required"]
    return sorted(normalized, key=lambda parameter: (parameter["in"], parameter["name"]))


def differences(expected: Any, actual: Any, labels: tuple[str, str]) -> str:
    """A unified diff of two documents as sorted, indented JSON: empty when they are equal."""
    lines = [
        json.dumps(document, indent=1, sort_keys=True).splitlines()
        for document in (expected, actual)
    ]
    return "\n".join(
        difflib.unified_diff(*lines, fromfile=labels[0], tofile=labels[1], lineterm="", n=4)
    )
