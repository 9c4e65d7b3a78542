"""The table of template combinations forge supports, and some it must refuse."""

from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = [
    "FRAMEWORKS",
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

    @property
    def id(self) -> str:
        return f"{self.framework}-{self.database}"

    def context(self) -> dict[str, str]:
        return {
            "project_name": f"Baked {self.framework} {self.database}",
            "database": self.database,
        }


SUPPORTED = [
    Combination(framework, database)
    for framework in FRAMEWORKS
    for database in ("sqlite", "postgres")
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
RESOURCES = {
    "notes": "title:str body:text? priority:int done:bool due:date?",
    "readings": (
        "value:float amount:decimal? taken_at:datetime sensor:uuid verified:bool? label:str?"
    ),
}
