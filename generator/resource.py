"""What a new resource is called, everywhere: its module, class, table and path."""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from generator.errors import InvalidResourceNameError
from generator.fields import Field

if TYPE_CHECKING:
    import inflect

__all__ = ["Resource"]

NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Paths and packages the skeletons use already; a resource of that name would shadow them.
RESERVED = frozenset({
    "tasks", "health", "api", "app", "config", "docs", "openapi", "admin", "static", "users",
    "migrations", "tests", "models", "schemas", "services",
    # Django's own apps, whose labels a resource's app would clash with
    "auth", "contenttypes", "sessions", "messages", "staticfiles",
})  # fmt: skip


@cache
def _inflector() -> inflect.engine:
    # Imported on first use: importing inflect takes seconds, and `forge new` never needs it.
    import inflect

    return inflect.engine()


@dataclass(frozen=True)
class Resource:
    """`blog_posts` gives modules `blog_post(s)`, class `BlogPost`, path `/api/blog-posts`."""

    plural: str
    singular: str
    fields: tuple[Field, ...]
    # Rows belong to the user who created them, as the sample tasks do in a project with users.
    owned: bool = False

    @classmethod
    def create(
        cls,
        name: str,
        fields: tuple[Field, ...],
        *,
        singular: str | None = None,
        owned: bool = False,
    ) -> Resource:
        """`singular` names one row where inflect does not know the word (`media`: `medium`)."""
        if singular is None:
            _check(name)
            singular = _singular(name)
        else:
            _check_explicit(name, singular)
        return cls(plural=name, singular=singular, fields=fields, owned=owned)

    @classmethod
    def existing(
        cls,
        name: str,
        fields: tuple[Field, ...],
        singular: str | None = None,
        *,
        owned: bool = False,
    ) -> Resource:
        """A resource the project has already (the sample `tasks` too): its name is not checked
        again, since the project uses it."""
        return cls(plural=name, singular=singular or _singular(name), fields=fields, owned=owned)

    @property
    def class_name(self) -> str:
        return "".join(part.capitalize() for part in self.singular.split("_"))

    @property
    def table(self) -> str:
        return self.plural

    @property
    def path(self) -> str:
        return f"/api/{self.plural.replace('_', '-')}"  # URLs read better with hyphens

    @property
    def title(self) -> str:
        """How prose calls one: "blog post"."""
        return self.singular.replace("_", " ")

    @property
    def plural_title(self) -> str:
        return self.plural.replace("_", " ")

    @property
    def bool_fields(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if field.type == "bool")

    @property
    def ref_fields(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if field.type == "ref")

    @property
    def enum_fields(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if field.type == "enum")

    @property
    def filter_fields(self) -> tuple[Field, ...]:
        """The fields the list can be filtered by (`?done=`, `?status=`, `?author_id=`), in
        their order."""
        return tuple(field for field in self.fields if field.type in ("bool", "enum", "ref"))


def _check(name: str) -> None:
    _check_name(name)
    if _singular(name) == name and _inflector().plural_noun(name) != name:
        plural = _inflector().plural_noun(name.replace("_", " ")).replace(" ", "_")
        raise InvalidResourceNameError(
            name,
            "forge does not know it as a plural",
            f"did you mean {plural!r}? If {name!r} is plural, name one row with --singular",
        )


def _check_explicit(name: str, singular: str) -> None:
    """A plural and singular the person named: both must make names, and differ."""
    _check_name(name)
    if not NAME.fullmatch(singular) or keyword.iskeyword(singular):
        raise InvalidResourceNameError(
            singular, "a singular is lower-case letters, digits and _", "as in 'medium'"
        )
    if singular == name:
        raise InvalidResourceNameError(
            name, "its singular is the same word", "modules and classes need two names"
        )


def _check_name(name: str) -> None:
    if not NAME.fullmatch(name):
        raise InvalidResourceNameError(
            name, "a name is lower-case letters, digits and _", "as in 'notes' or 'blog_posts'"
        )
    if keyword.iskeyword(name) or name in sys.stdlib_module_names:
        raise InvalidResourceNameError(name, "Python has that name already", "add a word")
    if name in RESERVED:
        raise InvalidResourceNameError(name, "the skeleton uses that name", "choose another")


def _singular(name: str) -> str:
    """The singular of the last word: `blog_posts` is one `blog_post`."""
    *head, last = name.split("_")
    singular = _inflector().singular_noun(last) or last
    return "_".join([*head, singular])
