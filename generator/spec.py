"""What to generate, checked once so that rendering can trust it."""

from __future__ import annotations

import keyword
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from generator.errors import InvalidDescriptionError, InvalidProjectNameError, InvalidVersionError
from generator.registry import Template

__all__ = [
    "ProjectSpec",
    "check_description",
    "check_name",
    "check_slug",
    "check_version",
    "project_slug",
]

# The slug names the project's directory and distribution. uv refuses a project that depends on a
# distribution of its own name, and a directory named after a module shadows it whenever its
# parent is on sys.path; so a slug may not be a module that the skeletons (or their tools) import.
_SKELETON_DEPENDENCIES = (
    # FastAPI skeleton
    "fastapi", "starlette", "pydantic", "pydantic_core", "pydantic_settings", "anyio",
    "sqlalchemy", "alembic", "aiosqlite", "asyncpg", "psycopg", "uvicorn", "uvicorn_worker",
    "fastapi_offline", "pytest_asyncio",
    # Flask skeleton
    "flask", "apiflask", "flask_sqlalchemy", "flask_migrate", "flask_cors", "flask_swagger_ui",
    "werkzeug", "jinja2", "click", "marshmallow",
    # Django skeleton (modules, and distributions whose names differ from them)
    "django", "rest_framework", "djangorestframework", "drf_spectacular",
    "drf_spectacular_sidecar", "environ", "django_environ", "corsheaders", "django_cors_headers",
    "whitenoise", "asgiref", "sqlparse", "pytest_django",
    # shared: serving, configuration, tests, lint and build
    "gunicorn", "dotenv", "httpx", "pytest", "ruff", "hatchling",
)  # fmt: skip
_SKELETON_PACKAGES = ("app", "config")  # every skeleton's code; Django's settings
_TEST_PACKAGES = ("test", "tests")
# What `project_slug` can produce and the other rules let through: slugify writes only lowercase
# ASCII letters, digits and _, and the slug must be an identifier (the templates' hook says so).
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
# PEP 440's canonical form (its appendix B): what the skeletons' pyproject.toml and
# `__version__` show is then exactly what was asked for, never re-normalised by a tool.
_VERSION = re.compile(
    r"([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?"
    r"(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?"
)


def check_name(name: str) -> str:
    """Return `name` if it can name a project whose slug is given separately; refuse a blank one."""
    if not name.strip():
        raise InvalidProjectNameError(name, "it is empty", "pass a name such as 'My Service'")
    return name


def project_slug(name: str) -> str:
    """The package-safe slug of `name`, computed as the templates compute it; refuse a bad one."""
    check_name(name)
    slug = slugify(name, separator="_")
    if not slug:
        raise InvalidProjectNameError(
            name, "it has no letters or digits", "pass a name such as 'My Service'"
        )
    if not slug.isidentifier():
        raise InvalidProjectNameError(
            name, f"its slug {slug!r} is not a Python identifier", "start the name with a letter"
        )
    if clash := _clash(slug.lower()):
        raise InvalidProjectNameError(
            name, f"its slug {slug!r} is {clash}", f"add a word, as in '{slug}_service'"
        )
    return slug


def check_slug(slug: str) -> str:
    """Return `slug`, given instead of the one derived from the name, if `project_slug` could
    have produced it and would let it through; refuse it with the reason otherwise."""
    if not _SLUG.fullmatch(slug):
        suggestion = slugify(slug, separator="_")
        hint = (
            f"as in {suggestion!r}"
            if _SLUG.fullmatch(suggestion) and not _clash(suggestion)
            else "as in 'my_service'"
        )
        raise InvalidProjectNameError(
            slug,
            "a slug is lowercase letters, digits and _, starting with a letter",
            hint,
            subject="project slug",
        )
    if clash := _clash(slug):
        raise InvalidProjectNameError(
            slug, f"it is {clash}", f"add a word, as in '{slug}_service'", subject="project slug"
        )
    return slug


def check_description(description: str) -> str:
    """Return `description` if it can go, as written, into the quoted strings and the docstring
    the templates put it in; refuse what would break them."""
    if any(not character.isprintable() for character in description):
        raise InvalidDescriptionError(description, "it has a line break or a control character")
    if '"' in description or "\\" in description:
        raise InvalidDescriptionError(description, 'it has a " or a \\')
    return description


def check_version(version: str) -> str:
    """Return `version` if it is a PEP 440 version in normal form (0.1.0, 1.0rc1); refuse others."""
    if not _VERSION.fullmatch(version):
        raise InvalidVersionError(version)
    return version


def _clash(slug: str) -> str | None:
    """What `slug` would collide with, said for a person; None if nothing."""
    if keyword.iskeyword(slug):
        return "a Python keyword"
    if slug in sys.stdlib_module_names:
        return "a standard library module"
    if slug in _SKELETON_PACKAGES:
        return "a package of the skeletons' own"
    if slug in _TEST_PACKAGES:
        return "the name of the tests package"
    if slug in _SKELETON_DEPENDENCIES:
        return "a package the skeletons depend on"
    return None


@dataclass(frozen=True)
class ProjectSpec:
    """A validated request for one project; build it with `ProjectSpec.create`."""

    name: str
    slug: str
    framework: str
    database: str
    output_dir: Path
    git: bool = True
    # None leaves the template's own default in place: the spec need not know it.
    description: str | None = None
    version: str | None = None
    # None for a template without the option (users, tokens and ownership, or none).
    auth: str | None = None

    @classmethod
    def create(
        cls,
        name: str,
        template: Template,
        *,
        slug: str | None = None,
        description: str | None = None,
        version: str | None = None,
        database: str | None = None,
        auth: str | None = None,
        output_dir: str | os.PathLike[str] = ".",
        git: bool = True,
    ) -> ProjectSpec:
        """Check the answers against the name rules and `template`'s options (None: default).

        A `slug` None is derived from the name, and then the name must make a usable one; a
        slug given must be usable itself, and the name need only be there.
        """
        return cls(
            name=check_name(name).strip(),
            slug=project_slug(name) if slug is None else check_slug(slug),
            framework=template.name,
            database=template.choose("database", database),
            auth=template.choose("auth", auth) if "auth" in template.options else None,
            output_dir=Path(output_dir).absolute(),
            git=git,
            description=None if description is None else check_description(description),
            version=None if version is None else check_version(version),
        )

    @property
    def answers(self) -> dict[str, str]:
        """The template variables this spec settles; the template's defaults fill in the rest."""
        answers = {"project_name": self.name, "project_slug": self.slug, "database": self.database}
        if self.auth is not None:
            answers["auth"] = self.auth
        if self.description is not None:
            answers["description"] = self.description
        if self.version is not None:
            answers["version"] = self.version
        return answers
