"""The fields of a resource `forge add-endpoint` generates, from `--fields "name:type? ..."`."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from generator.errors import InvalidFieldsError, UnknownFieldTypeError

__all__ = ["FIELD_TYPES", "Field", "parse_fields"]

# What each type means in every skeleton; the endpoint templates map them to their framework.
FIELD_TYPES = {
    "str": "text of 1 to 200 characters, stripped",
    "text": "text of any length",
    "int": "64-bit integer",
    "float": "double-precision number",
    "decimal": 'exact decimal number, sent as a string such as "12.50"',
    "bool": "true or false; the list can be filtered by it",
    "date": 'calendar date, "2026-11-21"',
    "datetime": 'date and time with an offset, "2026-11-21T09:30:00Z"',
    "uuid": 'UUID, "0b6e7a52-..."',
}
# Lower-case SQL identifiers, short enough for PostgreSQL's 63-byte limit with a prefix.
NAME = re.compile(r"[a-z][a-z0-9_]{0,49}")
# Names ruff refuses for looking like digits (E741).
AMBIGUOUS = frozenset({"l"})
# Columns every resource has already.
RESERVED = frozenset({"id", "created_at"})
# The list's own query parameters, which a field's filter would collide with.
QUERY_PARAMETERS = frozenset({"page", "per_page"})
# Words SQL reserves in every dialect forge targets; quoting would work, raw SQL would not.
SQL_RESERVED = frozenset({
    "all", "and", "any", "as", "asc", "between", "by", "case", "check", "column", "constraint",
    "create", "cross", "default", "desc", "distinct", "do", "else", "end", "except", "false",
    "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "inner", "intersect",
    "into", "is", "join", "leading", "left", "like", "limit", "natural", "not", "null", "offset",
    "on", "only", "or", "order", "outer", "primary", "references", "right", "select",
    "session_user", "some", "table", "then", "to", "trailing", "true", "union", "unique", "user",
    "using", "when", "where", "window", "with",
})  # fmt: skip

# Attributes the generated classes have already: pydantic models (also every `model_*`),
# SQLAlchemy and Flask-SQLAlchemy models, Django models; names the generated modules use, and
# the built-in types their annotations name.
LIBRARY_RESERVED = frozenset({
    "construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj", "parse_raw",
    "schema", "schema_json", "update_forward_refs", "validate",
    "metadata", "registry", "query", "query_class",
    "pk", "objects", "save", "delete", "clean", "full_clean", "refresh_from_db", "check",
    "db", "dt", "logger", "session", "mapped_column", "utcnow", "models", "timezone", "self",
    "bool", "bytes", "float", "int", "list", "object", "set", "str", "tuple",
})  # fmt: skip


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    optional: bool = False

    @property
    def title(self) -> str:
        """How documents and messages call it: `due_date` is "Due date"."""
        return self.name.replace("_", " ").capitalize()

    @property
    def spec(self) -> str:
        """The field as `--fields` takes it: `due:date?`."""
        return f"{self.name}:{self.type}{'?' if self.optional else ''}"


def parse_fields(spec: str) -> tuple[Field, ...]:
    """Parse `title:str body:text? ...`: a trailing `?` makes a field optional (nullable)."""
    words = spec.split()
    if not words:
        raise InvalidFieldsError("", "no fields given", 'pass some, as in --fields "title:str"')
    fields = tuple(_parse(word) for word in words)
    names = [field.name for field in fields]
    if repeated := next((name for name in names if names.count(name) > 1), None):
        raise InvalidFieldsError(repeated, "it is given twice", "name each field once")
    return fields


def _parse(word: str) -> Field:
    name, colon, type_ = word.partition(":")
    if not colon:
        raise InvalidFieldsError(word, "it has no type", f"write it as {word}:str")
    optional = type_.endswith("?")
    type_ = type_.removesuffix("?")
    _check_name(name)
    if type_ not in FIELD_TYPES:
        raise UnknownFieldTypeError(name, type_, FIELD_TYPES)
    return Field(name, type_, optional)


def _check_name(name: str) -> None:
    if not NAME.fullmatch(name):
        raise InvalidFieldsError(
            name, "a name is lower-case letters, digits and _", "start it with a letter"
        )
    if name in AMBIGUOUS:
        raise InvalidFieldsError(name, "it reads like a digit", "use a word")
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise InvalidFieldsError(name, "it is a Python keyword", f"call it {name}_value")
    if name in RESERVED:
        raise InvalidFieldsError(name, "every resource has it already", "choose another name")
    if name in QUERY_PARAMETERS:
        raise InvalidFieldsError(
            name, "the list's pagination uses it as a query parameter", f"call it {name}_number"
        )
    if name in SQL_RESERVED:
        raise InvalidFieldsError(name, "it is an SQL reserved word", f"call it {name}_value")
    if name in LIBRARY_RESERVED or name.startswith("model_"):
        raise InvalidFieldsError(
            name, "the generated models or modules use that name", f"call it {name}_value"
        )
