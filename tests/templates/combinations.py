"""The table of template combinations forge supports, and some it must refuse."""

from dataclasses import dataclass

import pytest

__all__ = ["SUPPORTED", "UNSUPPORTED", "Combination"]


@dataclass(frozen=True)
class Combination:
    framework: str
    database: str

    @property
    def id(self) -> str:
        return f"{self.framework}-{self.database}"

    def context(self) -> dict[str, str]:
        return {"project_name": f"Baked {self.framework} {self.database}", "database": self.database}


SUPPORTED = [
    Combination("fastapi", "sqlite"),
    Combination("fastapi", "postgres"),
]

# Answers a plain `cookiecutter` run could give; the template's hook must refuse them.
UNSUPPORTED = [
    pytest.param("fastapi", {"database": "oracle"}, id="fastapi-unknown-database"),
    pytest.param("fastapi", {"project_slug": "class"}, id="fastapi-keyword-slug"),
    pytest.param("fastapi", {"project_slug": "9lives"}, id="fastapi-slug-not-identifier"),
]
