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

# The resources `forge add-endpoint` grows a project by: between them every field type, required
# and optional, and every form of the field language; `books` is CONTRACT section 5's example
# word for word, referring to `authors` (which, in a project with users, is owned as tasks are:
# a book may only name its creator's authors). tests/templates/test_add_endpoint.py checks this.
OWNED_RESOURCE = "authors"
RESOURCES = {
    "authors": (
        "name:str:unique bio:text? born:date? priority:int rating:float royalty:decimal?"
        " active:bool=true verified:bool? contact:uuid seen_at:datetime"
    ),
    "readings": (
        "value:float amount:decimal? taken_at:datetime sensor:uuid verified:bool? label:str?"
    ),
    "books": (
        "title:str:index isbn:str:unique author:ref(authors) editor:ref(authors)?"
        " status:enum(draft,published)=draft pages:int=100"
    ),
}
