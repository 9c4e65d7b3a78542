"""What to generate, checked once so that rendering can trust it."""

from __future__ import annotations

import keyword
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from generator.errors import InvalidProjectNameError
from generator.registry import Template

__all__ = ["ProjectSpec", "project_slug"]

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


def project_slug(name: str) -> str:
    """The package-safe slug of `name`, computed as the templates compute it; refuse a bad one."""
    if not name.strip():
        raise InvalidProjectNameError(name, "it is empty", "pass a name such as 'My Service'")
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

    @classmethod
    def create(
        cls,
        name: str,
        template: Template,
        *,
        database: str | None = None,
        output_dir: str | os.PathLike[str] = ".",
        git: bool = True,
    ) -> ProjectSpec:
        """Check the answers against the name rules and `template`'s options (None: default)."""
        return cls(
            name=name.strip(),
            slug=project_slug(name),
            framework=template.name,
            database=template.choose("database", database),
            output_dir=Path(output_dir).absolute(),
            git=git,
        )

    @property
    def answers(self) -> dict[str, str]:
        """The template variables this spec settles; the template's defaults fill in the rest."""
        return {"project_name": self.name, "project_slug": self.slug, "database": self.database}
