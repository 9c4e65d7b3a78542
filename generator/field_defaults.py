"""A field's literal default (`pages:int=100`): checked against its type when the command runs,
and written out as Python and as `--fields` text again."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from generator.errors import InvalidFieldsError

if TYPE_CHECKING:
    from generator.fields import Field

__all__ = ["DEFAULT_TYPES", "default_text", "parse_default", "python_literal"]

# The types a literal default fits; a date, a time or a uuid as a constant is rarely what is
# meant, and a reference's row cannot be known in advance.
DEFAULT_TYPES = ("str", "text", "int", "float", "decimal", "bool", "enum")
INT64 = 2**63
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
FLOAT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
# What the skeletons accept for a decimal: up to 16 digits before the point and 2 after.
DECIMAL = re.compile(r"-?[0-9]{1,16}(\.[0-9]{1,2})?")


def parse_default(field: Field, text: str) -> str | int | float | bool:
    """The default `text` as a value of `field`'s type, or one clear error."""
    if field.type not in DEFAULT_TYPES:
        raise InvalidFieldsError(
            field.name,
            f"a {field.type} field takes no default",
            f"defaults fit {', '.join(DEFAULT_TYPES)}",
        )
    if field.unique:
        raise InvalidFieldsError(
            field.name, "a unique field cannot have a default", "only one row could take it"
        )
    value = _value(field, text)
    if value is None:
        raise InvalidFieldsError(
            field.name, f"default {text!r} is not {_expected(field)}", "change the default"
        )
    return value


def _value(field: Field, text: str) -> str | int | float | bool | None:
    if field.type == "int" and INTEGER.fullmatch(text) and -INT64 <= int(text) < INT64:
        return int(text)
    if field.type == "float" and FLOAT.fullmatch(text) and math.isfinite(float(text)):
        return float(text)
    if field.type == "decimal" and DECIMAL.fullmatch(text):
        whole, _, fraction = text.partition(".")
        return f"{whole}.{fraction.ljust(2, '0')}".replace("-0.00", "0.00")
    if field.type == "bool" and text in ("true", "false"):
        return text == "true"
    if field.type == "enum" and text in field.choices:
        return text
    if field.type == "str" and 0 < len(text) <= 200 and text.isprintable():
        return text
    if field.type == "text" and text.isprintable():
        return text
    return None


def _expected(field: Field) -> str:
    return {
        "int": "a 64-bit integer",
        "float": "a finite number",
        "decimal": "a decimal with up to 16 digits before the point and 2 after",
        "bool": "true or false",
        "enum": f"one of {', '.join(field.choices)}",
        "str": "1 to 200 printable characters",
        "text": "printable text",
    }[field.type]


def python_literal(type_: str, value: str | int | float | bool | None) -> str:
    """`value` as Python source in double quotes, as ruff writes it; a decimal as `Decimal(..)`."""
    if isinstance(value, int | float):  # bool too
        return repr(value)
    quoted = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"Decimal({quoted})" if type_ == "decimal" else quoted


def default_text(value: str | int | float | bool) -> str:
    """The default as `--fields` takes it again."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
