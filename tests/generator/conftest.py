"""Fixtures for the generator's tests: tiny templates to render, and a way to see what changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

MakeTemplate = Callable[..., Path]


@pytest.fixture
def templates_root(tmp_path: Path) -> Path:
    """An empty templates folder, apart from the tmp_path the test works in."""
    root = tmp_path / "templates"
    root.mkdir()
    return root


@pytest.fixture
def make_template(templates_root: Path) -> MakeTemplate:
    """Write a small cookiecutter template shaped like forge's into `templates_root`."""

    def make(
        name: str = "fake", *, hooks: dict[str, str] | None = None, **variables: object
    ) -> Path:
        path = templates_root / name
        skeleton = path / "{{cookiecutter.project_slug}}"
        skeleton.mkdir(parents=True)
        (skeleton / "README.md").write_text("# {{ cookiecutter.project_name }}\n")
        (path / "cookiecutter.json").write_text(
            json.dumps(
                {
                    "project_name": "My Service",
                    "project_slug": "{{ cookiecutter.project_name | slugify(separator='_') }}",
                    "database": ["sqlite", "postgres"],
                    "_description": f"{name}, for tests",
                    "_commands": {
                        "install": "make install",
                        "dev": "make run",
                        "test": "make test",
                    },
                    **variables,
                }
            )
        )
        for hook, source in (hooks or {}).items():
            (path / "hooks").mkdir(exist_ok=True)
            (path / "hooks" / f"{hook}.py").write_text(source)
        return path

    return make


def _tree(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


@pytest.fixture
def tree() -> Callable[[Path], set[str]]:
    """Every path under a directory: compare before and after to see what a call changed."""
    return _tree
