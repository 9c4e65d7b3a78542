"""The table of template combinations forge supports, and some it must refuse."""

from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = [
    "FRAMEWORKS",
    "OWNED_RESOURCE",
    "RESOURCES",
    "SUPPORTED",
    "UNSUPPORTED",
    "Combination",
    "template_dir",
]

# The frameworks whose templates are done; a new template joins every table below by name.
FRAMEWORKS = ("fastapi", "flask", "django")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def template_dir(framework: str) -> str:
    # cookiecutter's multi-template menu would always pick the first one: name the folder.
    return str(TEMPLATES / framework)


@dataclass(frozen=True)
class Combination:
    framework: str
    database: str
    auth: str = "jwt"

    @property
    def id(self) -> str:
        suffix = "" if self.auth == "jwt" else f"-auth-{self.auth}"
        return f"{self.framework}-{self.database}{suffix}"

    @property
    def has_users(self) -> bool:
        return self.auth == "jwt"

    def context(self) -> dict[str, str]:
        return {
            "project_name": f"Baked {self.framework} {self.database} {self.auth}",
            "database": self.database,
            "auth": self.auth,
        }


# Users and tokens (the default) on both databases; the open skeleton of `--auth none` on
# SQLite only: what it adds over the default is no code but less of it, and the database code it
# runs is the same that the default's bakes prove on PostgreSQL.
SUPPORTED = [
    *(
        Combination(framework, database)
        for framework in FRAMEWORKS
        for database in ("sqlite", "postgres")
    ),
    *(Combination(framework, "sqlite", "none") for framework in FRAMEWORKS),
]

# Answers a plain `cookiecutter` run could give; the template's hook must refuse them.
UNSUPPORTED = [
    pytest.param(framework, answers, id=f"{framework}-{reason}")
    for framework in FRAMEWORKS
    for reason, answers in (
        ("unknown-database", {"database": "oracle"}),
        ("keyword-slug", {"project_slug": "class"}),
        ("slug-not-identifier", {"project_slug": "9lives"}),
    )
]

# Two resources for `forge add-endpoint` that between them use every field type, one with
# optional fields (tests/templates/test_add_endpoint.py checks that they do).
# In a project with users, the resource `forge add-endpoint --owned` adds (the other is shared).
OWNED_RESOURCE = "notes"
RESOURCES = {
    "notes": "title:str body:text? priority:int done:bool due:date?",
    "readings": (
        "value:float amount:decimal? taken_at:datetime sensor:uuid verified:bool? label:str?"
    ),
}
