"""The fields of a resource `forge add-endpoint` generates, from `--fields "name:type? ..."`.

A field is `name:type`, then `?` (optional: null allowed), modifiers (`:unique`, `:index`) and
a literal default (`=100`): `isbn:str:unique`, `editor:ref(authors)?`,
`status:enum(draft,published)=draft`.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from generator.errors import InvalidFieldsError, UnknownFieldTypeError
from generator.field_defaults import default_text, parse_default, python_literal

__all__ = ["FIELD_TYPES", "FORMS", "MODIFIERS", "Field", "check_references", "parse_fields"]

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
# The forms that take an argument, and what each is.
FORMS = {
    "ref": "ref(authors): the id of a row of another resource (JSON author_id), a foreign key",
    "enum": "enum(draft,published): one of the values given, a string",
}
FORM = re.compile(r"(ref|enum)\((.*)\)")
RESOURCE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
# An enum's value: it is stored and sent as it is written, and goes into SQL and Python quoted.
CHOICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,49}")
# Each modifier, and the types it fits: no index over unbounded text or a two-valued bool, and
# no equality of floats to be unique by; a ref is indexed already.
MODIFIERS = {
    "unique": ("str", "int", "decimal", "date", "datetime", "uuid"),
    "index": ("str", "int", "float", "decimal", "date", "datetime", "uuid", "enum"),
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
    """One field of `--fields`: a scalar type, or `ref` (to `target`) or `enum` (of `choices`),
    with its modifiers and literal default (None: none)."""

    name: str
    type: str
    optional: bool = False
    target: str | None = None  # the plural of the resource a `ref` refers to
    choices: tuple[str, ...] = ()  # an `enum`'s values, in the order given
    unique: bool = False
    index: bool = False
    default: str | int | float | bool | None = None  # as typed; a decimal's is its text

    @property
    def title(self) -> str:
        """How documents and messages call it: `due_date` is "Due date"."""
        return self.name.replace("_", " ").capitalize()

    @property
    def key(self) -> str:
        """Its JSON field, column and filter: `author_id` for `author:ref(authors)`."""
        return f"{self.name}_id" if self.type == "ref" else self.name

    @property
    def has_default(self) -> bool:
        return self.default is not None

    @property
    def default_python(self) -> str:
        """The default as Python source, as ruff formats it: `"draft"`, `100`, `True`."""
        return python_literal(self.type, self.default)

    @property
    def default_json(self) -> str:
        """The default as JSON: `"draft"`, `100`, `true`, `"12.50"`."""
        return json.dumps(self.default)

    @property
    def max_length(self) -> int:
        """An enum's column width: its longest value."""
        return max(len(choice) for choice in self.choices)

    @property
    def spec(self) -> str:
        """The field as `--fields` takes it: `due:date?`, `status:enum(draft,published)=draft`."""
        type_ = self.type
        if self.type == "ref":
            type_ = f"ref({self.target})"
        elif self.type == "enum":
            type_ = f"enum({','.join(self.choices)})"
        words = [f"{self.name}:{type_}{'?' if self.optional else ''}"]
        words += [modifier for modifier in MODIFIERS if getattr(self, modifier)]
        default = "" if self.default is None else "=" + default_text(self.default)
        return ":".join(words) + default


def parse_fields(spec: str) -> tuple[Field, ...]:
    """Parse `title:str body:text? author:ref(authors) ...` (see FORMS): every field is checked
    on its own here; whether a `ref`'s target exists is the project's business
    (`check_references`)."""
    words = spec.split()
    if not words:
        raise InvalidFieldsError("", "no fields given", 'pass some, as in --fields "title:str"')
    fields = tuple(_parse(word) for word in words)
    names = [field.name for field in fields]
    if repeated := next((name for name in names if names.count(name) > 1), None):
        raise InvalidFieldsError(repeated, "it is given twice", "name each field once")
    for ref in (field for field in fields if field.type == "ref"):
        if ref.key in names:
            raise InvalidFieldsError(
                ref.key, f"{ref.name}:ref(...) sends its id under that name", "choose another name"
            )
    return fields


def check_references(fields: tuple[Field, ...], resource: str, present: Iterable[str]) -> None:
    """Each `ref` names a resource the project has now, other than `resource` itself."""
    present = list(present)
    for field in fields:
        if field.type != "ref":
            continue
        if field.target == resource:
            raise InvalidFieldsError(
                field.name, "a resource cannot refer to itself", "refer to another resource"
            )
        if field.target not in present:
            have = ", ".join(present) if present else "none"
            raise InvalidFieldsError(
                field.name,
                f"the project has no resource {field.target!r}",
                f"add it first (the project has: {have})",
            )


def _parse(word: str) -> Field:
    head, equals, default = word.partition("=")
    name, colon, rest = head.partition(":")
    if not colon:
        raise InvalidFieldsError(word, "it has no type", f"write it as {word}:str")
    _check_name(name)
    type_, *modifiers = rest.split(":")
    optional = type_.endswith("?") or (bool(modifiers) and modifiers[-1].endswith("?"))
    type_ = type_.removesuffix("?")
    if modifiers:
        modifiers[-1] = modifiers[-1].removesuffix("?")
    kind, target, choices = _type(name, type_)
    field = Field(name, kind, optional, target=target, choices=choices)
    for modifier in modifiers:
        field = _modified(field, modifier)
    if equals:
        field = replace(field, default=parse_default(field, default))
    return field


def _type(name: str, type_: str) -> tuple[str, str | None, tuple[str, ...]]:
    """(type, target, choices) of `str`, `ref(authors)` or `enum(draft,published)`."""
    if match := FORM.fullmatch(type_):
        form, argument = match.groups()
        values = tuple(argument.split(","))
        if form == "ref":
            if len(values) != 1 or not RESOURCE_NAME.fullmatch(values[0]):
                raise InvalidFieldsError(
                    name, f"{type_} does not name one resource", "write it as ref(authors)"
                )
            return "ref", values[0], ()
        return "enum", None, _choices(name, values)
    if type_.startswith(("ref(", "enum(")):
        raise InvalidFieldsError(
            name, f"{type_} has no closing parenthesis", "write it without spaces: enum(a,b)"
        )
    if type_ in ("ref", "enum"):
        raise InvalidFieldsError(
            name, f"{type_} needs its argument", f"write it as {FORMS[type_].split(':')[0]}"
        )
    if type_ not in FIELD_TYPES:
        raise UnknownFieldTypeError(name, type_, [*FIELD_TYPES, *FORMS])
    return type_, None, ()


def _choices(name: str, values: tuple[str, ...]) -> tuple[str, ...]:
    if values == ("",):
        raise InvalidFieldsError(name, "its enum has no values", "as in enum(draft,published)")
    for value in values:
        if not CHOICE.fullmatch(value):
            shown = "an empty value" if not value else f"value {value!r}"
            raise InvalidFieldsError(
                name,
                f"its enum has {shown}",
                "a value is letters, digits, _ and -, up to 50, starting with a letter or digit",
            )
    if repeated := next((value for value in values if values.count(value) > 1), None):
        raise InvalidFieldsError(name, f"its enum has {repeated!r} twice", "give each value once")
    return values


def _modified(field: Field, modifier: str) -> Field:
    if modifier not in MODIFIERS:
        raise InvalidFieldsError(
            field.name, f"unknown modifier {modifier!r}", f"use one of: {', '.join(MODIFIERS)}"
        )
    if field.type not in MODIFIERS[modifier]:
        raise InvalidFieldsError(
            field.name,
            f"{modifier} does not fit a {field.type} field",
            f"{modifier} fits {', '.join(MODIFIERS[modifier])}",
        )
    if getattr(field, modifier):
        raise InvalidFieldsError(field.name, f"{modifier} is given twice", "give it once")
    if {modifier, *(name for name in MODIFIERS if getattr(field, name))} == set(MODIFIERS):
        raise InvalidFieldsError(
            field.name, "a unique field is indexed already", "give unique alone"
        )
    return replace(field, **{modifier: True})


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
